import "server-only";
import type { ISql, Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService } from "@/lib/db";
import { recordSessionEvent } from "@/lib/sessions";
import { canWriteOff, type TSettleableKind } from "./settlement-rules";

export type TFailedPaymentOutcome = "retry" | "write_off";

export type TFailedPaymentDecision = {
  decisionId: string;
  attemptId: string;
  outcome: TFailedPaymentOutcome;
  status: "pending" | "cancelled";
};

/**
 * An admin's decision on a failed payment (README "Payments"; the admin's failed-payments queue):
 * `retry` puts it back in the collection queue now for one more try with the key it carries: after a final
 * decline that is already the next `<ledger key>:retry:<n>` (never sent; the declined PaymentIntent stays
 * declined), after calls that kept erroring it is the SAME key (one of them may have gone through: a new key
 * could charge, refund or pay twice), `write_off` cancels a charge (nothing more is collected;
 * the ledger keeps what was owed). A refund or a payout transfer is money owed to the payer or the tutor:
 * it is never written off (conflict), its way out is a retry or lib/payments/settle-outside-provider.ts.
 * One decision per failure (admin_decisions' round, under the attempt's
 * row lock): a double click gets a clear already_done, never a second decision; a retry that fails again
 * comes back to the queue for the next round. Audited.
 * Writes as the service: the role is checked here, RLS cannot (admins have no write policies).
 */
export async function decideFailedPayment(options: {
  db: Sql;
  viewer: TAppViewer;
  attemptId: string;
  outcome: TFailedPaymentOutcome;
  reason: string;
  now: Date;
}): Promise<TFailedPaymentDecision> {
  const { db, viewer, attemptId, outcome, now } = options;
  if (viewer.role !== "admin") throw new AppError("forbidden", "Only an admin can decide a failed payment.");
  const reason = options.reason.trim();
  if (reason.length < 3 || reason.length > 2000) throw new AppError("invalid_input", "Give a reason (3 to 2000 characters).");
  return asService(db, async (tx) => {
    const [attempt] = await tx<
      {
        id: string;
        kind: string;
        session_id: string;
        status: string;
        amount_cents: string;
        sent_payment_method_ref: string | null;
      }[]
    >`
      select a.id, a.kind, a.session_id, a.status, a.amount_cents, a.sent_payment_method_ref
      from public.payment_attempts a
      where a.id = ${attemptId}
      for update
    `;
    if (!attempt) throw new AppError("not_found", "No such payment.");
    const [rounds] = await tx<{ decided: number }[]>`
      select count(*)::int as decided from public.admin_decisions where subject_type = 'payment_attempt' and subject_id = ${attemptId}
    `;
    const decided = rounds?.decided ?? 0;
    // Decided and not failed since: the second click of a double click, or another admin first.
    if (decided > 0 && attempt.status !== "failed") throw new AppError("already_done", "This payment was already decided.");
    if (attempt.status !== "failed") throw new AppError("conflict", `This payment is ${attempt.status.replace("_", " ")}, not failed.`);
    if (outcome === "write_off" && !canWriteOff(attempt.kind as TSettleableKind)) {
      throw new AppError(
        "conflict",
        attempt.kind === "refund"
          ? "A failed refund is money owed to the payer: retry it, or record it as settled outside the provider."
          : "A failed payout is money owed to the tutor: retry it, or record it as settled outside the provider.",
      );
    }
    const [decision] = await tx<{ id: string }[]>`
      insert into public.admin_decisions (subject_type, subject_id, session_id, admin_id, outcome, reason, round, created_at)
      values ('payment_attempt', ${attemptId}, ${attempt.session_id}, ${viewer.id}, ${outcome}, ${reason}, ${decided + 1}, ${now})
      on conflict on constraint admin_decisions_one_per_subject_round do nothing
      returning id
    `;
    if (!decision) throw new AppError("already_done", "This payment was already decided.");
    // Only a key never sent can change its amount (the same key must carry the same parameters).
    if (outcome === "retry" && attempt.kind === "charge" && !attempt.sent_payment_method_ref)
      await netRefundsOfUncollectedCharge(tx, attempt);
    const status = outcome === "retry" ? "pending" : "cancelled";
    await tx`
      update public.payment_attempts set status = ${status}, next_attempt_at = ${now}, lease_until = null,
        last_error_code = case when ${status} = 'cancelled' then 'written_off' else last_error_code end
      where id = ${attemptId} and status = 'failed'
    `;
    await recordSessionEvent(tx, {
      sessionId: attempt.session_id,
      type: outcome === "retry" ? "payment.retry_decided" : "payment.written_off",
      actor: { id: viewer.id, role: "admin" },
      // A transfer's amount is the tutor's payout: a payout_* key, which the payer's view of the trail never shows.
      payload: {
        attempt_id: attemptId,
        kind: attempt.kind,
        [attempt.kind === "transfer" ? "payout_cents" : "amount_cents"]: Number(attempt.amount_cents),
        reason,
        decision_id: decision.id,
      },
      at: now,
    });
    return { decisionId: decision.id, attemptId, outcome, status };
  });
}

/**
 * Refunds posted while the charge was failed were cancelled (nothing collected to refund from). A retried
 * charge collects the net instead (so does one settled outside the provider), so the payer is never charged
 * what the ledger refunded. Nothing left → a conflict: the admin writes it off instead.
 */
export async function netRefundsOfUncollectedCharge(
  tx: ISql,
  charge: { id: string; session_id: string; amount_cents: string },
): Promise<void> {
  const refunds = await tx<{ id: string; amount_cents: string }[]>`
    select id, amount_cents from public.payment_attempts
    where session_id = ${charge.session_id} and kind = 'refund' and status = 'cancelled' and last_error_code = 'charge_not_collected'
    for update
  `;
  if (refunds.length === 0) return;
  const rest = Number(charge.amount_cents) - refunds.reduce((sum, refund) => sum + Number(refund.amount_cents), 0);
  if (rest <= 0) throw new AppError("conflict", "This charge was refunded in full: there is nothing left to collect. Write it off.");
  await tx`update public.payment_attempts set amount_cents = ${rest} where id = ${charge.id}`;
  await tx`
    update public.payment_attempts set last_error_code = 'netted_into_charge',
      last_error_message = 'Refunded while the charge was failed: the retried charge was reduced instead.'
    where id = any(${refunds.map((refund) => refund.id)}::uuid[])
  `;
}
