import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService, type Tx } from "@/lib/db";
import { postRefund, type TPostedRefund } from "@/lib/payments/post-refund";
import { recordSessionEvent } from "@/lib/sessions";
import { toCents } from "@/lib/sessions/shared";
import { isDisputeDecidable, type TDecideDispute, type TDisputeStatus } from "./dispute-rules";
import { disputeColumns, toDisputeRow, type TDisputeRow } from "./dispute-row";
import type { TDisputeKind } from "./evidence";
import { notifyDispute } from "./notify-dispute";
import { recordRefundEvent } from "./open-dispute";
import { readVisibleDispute } from "./read-visible-dispute";

/**
 * An admin decides an open or answered dispute (README "Disputes and refunds"): refund in full,
 * refund part (1 … charged − refunded cents) or release. One admin_decisions row per dispute
 * (its unique key) in the same transaction as the refund rows, behind a lock on the dispute, so
 * a double click or a second admin cannot refund twice: the second gets already_done (409).
 * A full refund of a tutor no-show report marks the lesson NO_SHOW_TUTOR. The payout stays
 * held until the release job's next run (it skipped the lesson while disputed): a release pays
 * the tutor in full, a partial refund pays the payout less its reversal, a full refund voids it.
 * Both sides hear the outcome; the tutor's cached rating follows (the disputes trigger).
 */
export async function decideDispute(options: {
  db: Sql;
  viewer: TAppViewer;
  disputeId: string;
  input: TDecideDispute;
  now: Date;
}): Promise<{ dispute: TDisputeRow; refund: TPostedRefund | null }> {
  const { db, viewer, disputeId, input, now } = options;
  if (viewer.role !== "admin") throw new AppError("forbidden", "Only an admin can decide a dispute.");
  await readVisibleDispute({ db, viewer, disputeId });
  return asService(db, (tx) => persistDecision(tx, { viewer, disputeId, input, now }));
}

async function persistDecision(
  tx: Tx,
  input: { viewer: TAppViewer; disputeId: string; input: TDecideDispute; now: Date },
): Promise<{ dispute: TDisputeRow; refund: TPostedRefund | null }> {
  const { viewer, disputeId, now } = input;
  const { outcome, reason } = input.input;
  const [locked] = await tx<{ status: TDisputeStatus; session_id: string; booking_id: string; kind: TDisputeKind }[]>`
    select d.status, d.session_id, s.booking_id, d.kind
    from public.disputes d join public.sessions s on s.id = d.session_id
    where d.id = ${disputeId} for update of d`;
  if (!locked) throw new AppError("not_found", "There is no dispute with this id that you can see.");
  if (!isDisputeDecidable(locked.status)) {
    throw new AppError("already_done", "This dispute is already decided.", { reason: "already_decided", status: locked.status });
  }
  const sessionId = locked.session_id;
  let refund: TPostedRefund | null = null;
  if (outcome === "refund_full") {
    const left = await refundableLeft(tx, sessionId);
    if (left === 0) throw new AppError("conflict", "Nothing is left to refund on this lesson.", { reason: "nothing_to_refund" });
    refund = await postRefund(tx, { sessionId, amountCents: left, now });
  } else if (outcome === "refund_partial") {
    refund = await postRefund(tx, { sessionId, amountCents: input.input.amount_cents ?? 0, now });
  }
  const amountCents = refund?.refundCents ?? null;
  const decided = await tx`
    insert into public.admin_decisions (subject_type, subject_id, session_id, admin_id, outcome, amount_cents, reason)
    values ('dispute', ${disputeId}, ${sessionId}, ${viewer.id}, ${outcome}, ${amountCents}, ${reason})
    on conflict on constraint admin_decisions_one_per_subject_round do nothing
    returning id`;
  if (decided.length === 0) throw new AppError("already_done", "This dispute is already decided.", { reason: "already_decided" });
  if (outcome === "refund_full" && locked.kind === "tutor_no_show") {
    await tx`update public.sessions set status = 'NO_SHOW_TUTOR' where id = ${sessionId} and status in ('COMPLETED_ASSUMED', 'NO_SHOW_STUDENT')`;
  }
  const [row] = await tx`
    update public.disputes set status = 'resolved', outcome = ${outcome}, refund_cents = ${amountCents ?? 0},
      resolved_at = ${now}, resolved_by = ${viewer.id}
    where id = ${disputeId}
    returning ${disputeColumns(tx)}`;
  if (!row) throw new Error("dispute vanished");
  const actor = { id: viewer.id, role: "admin" as const };
  await recordSessionEvent(tx, {
    sessionId,
    type: "dispute.resolved",
    actor,
    payload: { dispute_id: disputeId, outcome, refund_cents: amountCents ?? 0, reason },
    at: now,
  });
  if (refund) await recordRefundEvent(tx, { sessionId, disputeId, refund, now, actor });
  await notifyDispute(tx, { bookingId: locked.booking_id, sessionId, disputeId, kind: "dispute_resolved", audience: "everyone", outcome });
  return { dispute: toDisputeRow(row), refund };
}

async function refundableLeft(tx: Tx, sessionId: string): Promise<number> {
  const [row] = await tx<{ left: string }[]>`
    select coalesce(sum(amount_cents) filter (where kind = 'charge'), 0) - coalesce(sum(amount_cents) filter (where kind = 'refund'), 0) as left
    from public.ledger_entries where session_id = ${sessionId}`;
  return Math.max(0, toCents(row?.left ?? 0));
}
