import { Card } from "@/components/ui/card";
import { DetailList, type TDetailItem } from "@/components/ui/detail-list";
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
                <LocalTime date={rules.joinOpensAt} timeZone={timeZone} />{" "}
                <span className="text-slate-600">(5 minutes before the start)</span>
              </>
            ),
            testId: "rule-join-opens",
          },
          {
            term: "No-show available from",
            detail: (
              <>
                <LocalTime date={rules.noShowAvailableAt} timeZone={timeZone} />{" "}
                <span className="text-slate-600">
                  ({formatDuration(rules.noShowWaitMinutes)} after the start, if the student hasn&apos;t joined)
                </span>
              </>
            ),
            testId: "rule-no-show",
          },
          chargeItem(session, timeZone),
          {
            term: "Minimum payable",
            detail: `${formatDuration(rules.minPayableMinutes)} of meeting: a meeting that ends earlier is not charged and goes to review`,
          },
        ]}
      />
    </Card>
  );
}

/** When the charge happened; while pending, when it is scheduled (the two are labelled apart). */
function chargeItem(session: TSessionDetail, timeZone: string): TDetailItem {
  if (session.chargedAt) {
    return { term: "Charged at", detail: <LocalTime date={session.chargedAt} timeZone={timeZone} />, testId: "rule-charge" };
  }
  if (session.storedStatus === "SCHEDULED") {
    return {
      term: "Charge scheduled for",
      detail: (
        <>
          <LocalTime date={session.rules.chargeAt} timeZone={timeZone} /> <span className="text-slate-600">(the scheduled end)</span>
        </>
      ),
      testId: "rule-charge",
    };
  }
  const why =
    session.storedStatus === "EARLY_END_SHORT" ? "the meeting ended under the minimum; waiting for review" : "the session was cancelled";
  return { term: "Charge", detail: `Not charged: ${why}`, testId: "rule-charge" };
}
