import "server-only";
import { Badge, type TBadgeTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { Money } from "@/components/ui/money";
import { getViewer } from "@/lib/auth/get-viewer";
import type { TRole } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { DISPUTE_KIND_LABELS, DISPUTE_OUTCOME_LABELS, DISPUTE_STATUS_LABELS, type TDisputeStatus } from "@/lib/disputes/dispute-rules";
import { getSessionDispute } from "@/lib/disputes/get-session-dispute";
import type { TSessionSummary } from "@/lib/sessions";
import { DisputeResponseForm } from "./dispute-response-form";
import { ReportProblemForm } from "./report-problem-form";

const TONES: Record<TDisputeStatus, TBadgeTone> = { accepted: "success", open: "warning", responded: "info", resolved: "neutral" };

/**
 * The lesson's dispute on its booking page (README "Disputes and refunds"): the student or parent
 * reports a problem while the payment is held, and follows it; the tutor sees it and answers once
 * within 48 h. Nothing when there is no dispute and the viewer can't open one.
 */
export async function SessionDisputeCard({
  session,
  role,
  timeZone,
  now,
}: {
  session: TSessionSummary;
  role: TRole;
  timeZone: string;
  now: Date;
}) {
  const viewer = await getViewer();
  if (!viewer) return null;
  const view = await getSessionDispute({ db: getDb(), viewer, sessionId: session.id, now });
  const { dispute } = view;
  if (!dispute && !view.canOpen) return null;
  const titleId = `dispute-${session.id}`;
  if (!dispute) {
    return (
      <Card title="Report a problem" titleId={titleId}>
        <div className="flex flex-col gap-3">
          <p className="text-sm text-slate-700">
            If the tutor didn&apos;t show up or something went wrong, tell us before the payment is released to the tutor
            {view.windowEndsAt ? (
              <>
                {" "}
                (<LocalTime date={view.windowEndsAt} timeZone={timeZone} />)
              </>
            ) : null}
            . The payment stays held until it is resolved.
          </p>
          <ReportProblemForm sessionId={session.id} timeZone={timeZone} />
        </div>
      </Card>
    );
  }
  const isPayerSide = role === "student" || role === "parent";
  return (
    <Card title={role === "tutor" ? "A problem was reported" : "Your report"} titleId={titleId}>
      <div className="flex flex-col gap-3 text-sm text-slate-800" data-testid="session-dispute">
        <p className="flex flex-wrap items-center gap-2">
          <Badge tone={TONES[dispute.status]} testId="dispute-status">
            {DISPUTE_STATUS_LABELS[dispute.status]}
          </Badge>
          <span>{DISPUTE_KIND_LABELS[dispute.kind]}</span>
          <span className="text-slate-600">
            · reported <LocalTime date={dispute.created_at} timeZone={timeZone} />
          </span>
        </p>
        <p className="whitespace-pre-line break-words">{dispute.description}</p>
        {dispute.outcome ? (
          <p data-testid="dispute-outcome">
            Outcome: {DISPUTE_OUTCOME_LABELS[dispute.outcome]}
            {dispute.refund_cents ? (
              <>
                {" "}
                — <Money cents={dispute.refund_cents} currency={session.currency} testId="dispute-refund" /> refunded
                {isPayerSide ? " to the card that paid" : ""}
              </>
            ) : null}
            .
          </p>
        ) : null}
        {dispute.tutor_response ? (
          <div className="border-l-2 border-slate-200 pl-3">
            <p className="font-medium">{role === "tutor" ? "Your answer" : "The tutor's answer"}</p>
            <p className="whitespace-pre-line break-words">{dispute.tutor_response}</p>
          </div>
        ) : null}
        {role === "tutor" && view.canRespond ? (
          <>
            <p>
              The payout for this lesson is held until an admin decides. You can answer once, until{" "}
              <LocalTime date={dispute.respond_by} timeZone={timeZone} />.
            </p>
            <DisputeResponseForm disputeId={dispute.id} timeZone={timeZone} />
          </>
        ) : null}
        {dispute.status === "open" && !view.canRespond && role !== "tutor" ? (
          <p className="text-slate-600">
            The tutor can answer until <LocalTime date={dispute.respond_by} timeZone={timeZone} />; then an admin decides.
          </p>
        ) : null}
      </div>
    </Card>
  );
}
