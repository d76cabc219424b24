import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService } from "@/lib/db";
import { recordSessionEvent } from "@/lib/sessions";
import { respondRefusal, type TDisputeStatus, type TRespondToDispute } from "./dispute-rules";
import { disputeColumns, toDisputeRow, type TDisputeRow } from "./dispute-row";
import { notifyAdmins, notifyDispute } from "./notify-dispute";
import { readVisibleDispute } from "./read-visible-dispute";

const REFUSALS = {
  already_responded: { code: "already_done", message: "You already answered this dispute." },
  closed: { code: "conflict", message: "This dispute is already decided; it takes no answer." },
  too_late: { code: "too_late", message: "The 48 hours to answer have passed: an admin decides on what the report says." },
} as const;

/**
 * The lesson's tutor answers an open dispute, once, before respond_by (README "Disputes and
 * refunds"). The dispute row is locked, so a double click answers once (the second gets
 * already_done). The payer's side and the admins hear of the answer in the same transaction.
 */
export async function respondToDispute(options: {
  db: Sql;
  viewer: TAppViewer;
  disputeId: string;
  input: TRespondToDispute;
  now: Date;
}): Promise<{ dispute: TDisputeRow }> {
  const { db, viewer, disputeId, input, now } = options;
  const visible = await readVisibleDispute({ db, viewer, disputeId });
  if (visible.tutor_id !== viewer.id) throw new AppError("forbidden", "Only the lesson's tutor can answer this dispute.");
  const dispute = await asService(db, async (tx) => {
    const [locked] = await tx<{ status: TDisputeStatus; respond_by: Date; session_id: string; booking_id: string }[]>`
      select d.status, d.respond_by, d.session_id, s.booking_id
      from public.disputes d join public.sessions s on s.id = d.session_id
      where d.id = ${disputeId} for update of d`;
    if (!locked) throw new AppError("not_found", "There is no dispute with this id that you can see.");
    const refusal = respondRefusal({ status: locked.status, respondBy: locked.respond_by }, now);
    if (refusal) throw new AppError(REFUSALS[refusal].code, REFUSALS[refusal].message, { reason: refusal });
    const [row] = await tx`
      update public.disputes set status = 'responded', tutor_response = ${input.response}, responded_at = ${now}
      where id = ${disputeId} and status = 'open'
      returning ${disputeColumns(tx)}`;
    if (!row) throw new AppError("conflict", "This dispute changed while you answered; reload and try again.");
    await recordSessionEvent(tx, {
      sessionId: locked.session_id,
      type: "dispute.responded",
      actor: { id: viewer.id, role: "tutor" },
      payload: { dispute_id: disputeId },
      at: now,
    });
    const ref = { bookingId: locked.booking_id, sessionId: locked.session_id, disputeId };
    await notifyDispute(tx, { ...ref, kind: "dispute_answered", audience: "student_side" });
    await notifyAdmins(tx, ref);
    return toDisputeRow(row);
  });
  return { dispute };
}
