import { Card } from "@/components/ui/card";
import { DetailList } from "@/components/ui/detail-list";
import { LocalTime } from "@/components/ui/local-time";
import { formatDuration } from "@/lib/format/date-time";
import type { TSessionDetail } from "@/lib/sessions";

/** When things happen for this session (README "Session rules"), in the viewer's zone. */
export function SessionRulesCard({ session, timeZone }: { session: TSessionDetail; timeZone: string }) {
  const { rules } = session;
  return (
    <Card title="When and the rules" titleId="session-rules-title">
      <DetailList
        items={[
          { term: "Starts", detail: <LocalTime date={session.scheduledStartAt} timeZone={timeZone} /> },
          { term: "Ends", detail: <LocalTime date={session.scheduledEndAt} timeZone={timeZone} /> },
          { term: "Duration", detail: formatDuration(session.durationMinutes) },
          {
            term: "Join opens at",
            detail: (
              <>
                <LocalTime date={rules.joinOpensAt} timeZone={timeZone} /> <span className="text-slate-600">(5 minutes before the start)</span>
              </>
            ),
            testId: "rule-join-opens",
          },
          {
            term: "No-show available from",
            detail: (
              <>
                <LocalTime date={rules.noShowAvailableAt} timeZone={timeZone} />{" "}
                <span className="text-slate-600">({formatDuration(rules.noShowWaitMinutes)} after the start, if the student hasn&apos;t joined)</span>
              </>
            ),
            testId: "rule-no-show",
          },
          {
            term: "Charged at",
            detail: (
              <>
                <LocalTime date={rules.chargeAt} timeZone={timeZone} /> <span className="text-slate-600">(the scheduled end)</span>
              </>
            ),
            testId: "rule-charge",
          },
          {
            term: "Minimum payable",
            detail: `${formatDuration(rules.minPayableMinutes)} of meeting: a meeting that ends earlier is not charged and goes to review`,
          },
        ]}
      />
    </Card>
  );
}
