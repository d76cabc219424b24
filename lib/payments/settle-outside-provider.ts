import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService } from "@/lib/db";
import { recordSessionEvent } from "@/lib/sessions";
import { netRefundsOfUncollectedCharge } from "./decide-failed-payment";
import { markAttemptSucceeded } from "./settle-attempt";
import { ZSettleOutside, type TSettleableKind } from "./settlement-rules";

export type TOutsideSettlement = {
  decisionId: string;
  attemptId: string;
  kind: TSettleableKind;
  amountCents: number;
  currency: string;
  status: "succeeded";
};

/**
 * An admin records a payment settled outside the payment provider (README "Payments"): a bank transfer,
 * cash or a cheque, identified by `reference` (bank reference, receipt number). Allowed for an attempt due
 * by hand (`manual_due`: the manual provider's charges, refunds and payouts) or given up on (`failed`), of
 * any kind. One admin_decisions row (outcome `settled_outside`, the round after the attempt's earlier
 * decisions) under the attempt's row lock, so a double click gets already_done and never a second
 * decision; then the attempt is settled through the single writer (markAttemptSucceeded: the reference
 * goes on the ledger row, a charge's receipt to the payer) with `settled_outside_by` = the admin, so the
 * reference is never taken for a provider id. A charge that failed by its last decline first nets the
 * refunds cancelled while it was failed (the payer owes the net). Audited (`payment.settled_outside`).
 * Writes as the service: the role is checked here, RLS cannot (admins have no write policies).
 */
export async function settleOutsideProvider(options: {
  db: Sql;
  viewer: TAppViewer;
  attemptId: string;
  reference: string;
  reason: string;
  now: Date;
}): Promise<TOutsideSettlement> {
  const { db, viewer, attemptId, now } = options;
  if (viewer.role !== "admin") throw new AppError("forbidden", "Only an admin can record a payment settled outside the provider.");
  const parsed = ZSettleOutside.safeParse({ reference: options.reference, reason: options.reason });
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues.map((issue) => issue.message).join("; "));
  const { reference, reason } = parsed.data;
  return asService(db, async (tx) => {
    const [attempt] = await tx<
      {
        id: string;
        kind: TSettleableKind;
        session_id: string;
        status: string;
        amount_cents: string;
        sent_payment_method_ref: string | null;
      }[]
    >`
      select id, kind, session_id, status, amount_cents, sent_payment_method_ref
      from public.payment_attempts
      where id = ${attemptId}
      for update
    `;
    if (!attempt) throw new AppError("not_found", "No such payment.");
    const [rounds] = await tx<{ decided: number }[]>`
      select count(*)::int as decided from public.admin_decisions where subject_type = 'payment_attempt' and subject_id = ${attemptId}
    `;
    const decided = rounds?.decided ?? 0;
    if (attempt.status !== "manual_due" && attempt.status !== "failed") {
      // The second click of a double click, another admin first, or the provider settled it meanwhile.
      if (attempt.status === "succeeded") throw new AppError("already_done", "This payment is already settled.");
      if (decided > 0) throw new AppError("already_done", "This payment was already decided.");
      throw new AppError(
        "conflict",
        `This payment is ${attempt.status.replaceAll("_", " ")}: only one due by hand or failed can be settled outside.`,
      );
    }
    const [decision] = await tx<{ id: string }[]>`
      insert into public.admin_decisions (subject_type, subject_id, session_id, admin_id, outcome, reason, round, created_at)
      values ('payment_attempt', ${attemptId}, ${attempt.session_id}, ${viewer.id}, 'settled_outside', ${reason}, ${decided + 1}, ${now})
      on conflict on constraint admin_decisions_one_per_subject_round do nothing
      returning id
    `;
    if (!decision) throw new AppError("already_done", "This payment was already decided.");
    if (attempt.kind === "charge" && attempt.status === "failed" && !attempt.sent_payment_method_ref) {
      await netRefundsOfUncollectedCharge(tx, attempt);
    }
    const settled = await markAttemptSucceeded(tx, { attemptId, providerRef: reference, now, settledOutsideBy: viewer.id });
    if (!settled) throw new AppError("already_done", "This payment is already settled.");
    const [row] = await tx<{ amount_cents: string; currency: string }[]>`
      select amount_cents, currency from public.payment_attempts where id = ${attemptId}`;
    const amountCents = Number(row?.amount_cents ?? attempt.amount_cents);
    // A transfer's amount is the tutor's payout: payout_* keys, which the payer's view of the trail never shows.
    const payload =
      attempt.kind === "transfer"
        ? { payout_cents: amountCents, payout_reference: reference, payout_reason: reason }
        : { amount_cents: amountCents, reference, reason };
    await recordSessionEvent(tx, {
      sessionId: attempt.session_id,
      type: "payment.settled_outside",
      actor: { id: viewer.id, role: "admin" },
      payload: { attempt_id: attemptId, kind: attempt.kind, was: attempt.status, decision_id: decision.id, ...payload },
      at: now,
    });
    return { decisionId: decision.id, attemptId, kind: attempt.kind, amountCents, currency: row?.currency ?? "TTD", status: "succeeded" };
  });
}
