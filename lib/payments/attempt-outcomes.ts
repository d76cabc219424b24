import "server-only";
import type { ISql } from "postgres";
import { notifyPayer } from "./notify-payer";

/**
 * The payment jobs' writers of the outcomes settle-attempt.ts does not cover (README "Payments"):
 * failed, cancelled, manual_due, awaiting_payee, and back to the queue (a backoff, a 429, a refund
 * waiting for its charge). Each is guarded by the claim it answers (`status = 'processing'` and the
 * claim's attempt_count), so a worker whose lease ran out and was reclaimed writes nothing.
 * Returns whether the row was written.
 */

export type TClaimFence = { attemptId: string; attemptCount: number };

type TError = { code: string; message: string };

export async function markAttemptFailed(tx: ISql, input: TClaimFence & TError & { idempotencyKey?: string }): Promise<boolean> {
  const rows = await tx`
    update public.payment_attempts set status = 'failed', lease_until = null,
      idempotency_key = coalesce(${input.idempotencyKey ?? null}, idempotency_key),
      -- a new (unsent) key takes the payer's card at its first claim, like advanceAttemptKey
      sent_customer_ref = case when ${input.idempotencyKey ?? null}::text is null then sent_customer_ref end,
      sent_payment_method_ref = case when ${input.idempotencyKey ?? null}::text is null then sent_payment_method_ref end,
      last_error_code = ${input.code.slice(0, 100)}, last_error_message = ${input.message.slice(0, 1000)}
    where id = ${input.attemptId} and status = 'processing' and attempt_count = ${input.attemptCount}
  `;
  return rows.count > 0;
}

export async function markAttemptCancelled(tx: ISql, input: TClaimFence & TError): Promise<boolean> {
  const rows = await tx`
    update public.payment_attempts set status = 'cancelled', lease_until = null,
      last_error_code = ${input.code.slice(0, 100)}, last_error_message = ${input.message.slice(0, 1000)}
    where id = ${input.attemptId} and status = 'processing' and attempt_count = ${input.attemptCount}
  `;
  return rows.count > 0;
}

/**
 * Nothing was charged or paid online (the manual provider, or a refund of a charge settled outside it): the amount
 * is due by hand until an admin records it settled (settle-outside-provider.ts).
 */
export async function markAttemptManualDue(tx: ISql, input: TClaimFence): Promise<boolean> {
  const [attempt] = await tx<{ kind: string; session_id: string; party_id: string; amount_cents: string; currency: string }[]>`
    update public.payment_attempts set status = 'manual_due', lease_until = null, last_error_code = null, last_error_message = null
    where id = ${input.attemptId} and status = 'processing' and attempt_count = ${input.attemptCount}
    returning kind, session_id, party_id, amount_cents, currency
  `;
  if (!attempt) return false;
  // The payer hears once what is due from them, or owed back to them; how to pay is on their payments page.
  if (attempt.kind === "charge") await notifyPayer(tx, attempt, "payment_due", {});
  if (attempt.kind === "refund") await notifyPayer(tx, attempt, "refund_due", {});
  return true;
}

/**
 * Back to the queue at `nextAttemptAt`. `isCounted: false` (a 429, a refund waiting for its charge, a payee
 * not onboarded) gives the try back: it does not use up one of the attempt's calls.
 */
export async function releaseAttempt(
  tx: ISql,
  input: TClaimFence & {
    status: "pending" | "action_required" | "awaiting_payee";
    nextAttemptAt: Date;
    isCounted: boolean;
    error?: TError | null;
  },
): Promise<boolean> {
  const error = input.error ?? null;
  const rows = await tx`
    update public.payment_attempts set status = ${input.status}, lease_until = null, next_attempt_at = ${input.nextAttemptAt},
      attempt_count = attempt_count - ${input.isCounted ? 0 : 1},
      last_error_code = coalesce(${error?.code.slice(0, 100) ?? null}, last_error_code),
      last_error_message = coalesce(${error?.message.slice(0, 1000) ?? null}, last_error_message)
    where id = ${input.attemptId} and status = 'processing' and attempt_count = ${input.attemptCount}
  `;
  return rows.count > 0;
}

/**
 * Moves a declined charge to its next key (`:retry:<n>`) before markAttemptActionRequired, and lets that key
 * take the payer's card as it is at its first claim (a replaced card is used from then on); false when the claim is stale.
 */
export async function advanceAttemptKey(tx: ISql, input: TClaimFence & { idempotencyKey: string }): Promise<boolean> {
  const rows = await tx`
    update public.payment_attempts set idempotency_key = ${input.idempotencyKey}, sent_customer_ref = null, sent_payment_method_ref = null
    where id = ${input.attemptId} and status = 'processing' and attempt_count = ${input.attemptCount}
  `;
  return rows.count > 0;
}

/**
 * For the Complete payment page (pay-ui's startPaymentCheckout): while the payer has an on-session Checkout
 * open for an action_required charge, the job must not retry it off-session (both could succeed). Pushes the
 * next retry to at least `until` (the Checkout's expiry). Returns whether the attempt was waiting.
 */
export async function deferAttemptRetry(tx: ISql, input: { attemptId: string; until: Date }): Promise<boolean> {
  const rows = await tx`
    update public.payment_attempts set next_attempt_at = greatest(next_attempt_at, ${input.until})
    where id = ${input.attemptId} and status = 'action_required'
  `;
  return rows.count > 0;
}

/**
 * A refund the provider accepted but has not settled (bank refunds): it keeps the provider's id, so the
 * refund_updated webhook settles it (markAttemptSucceeded), and is looked at again at `nextAttemptAt` (the
 * same key replays the same refund: nothing is refunded twice).
 */
export async function markRefundPending(tx: ISql, input: TClaimFence & { refundRef: string; nextAttemptAt: Date }): Promise<boolean> {
  const rows = await tx`
    update public.payment_attempts set status = 'pending', provider_ref = ${input.refundRef}, lease_until = null,
      next_attempt_at = ${input.nextAttemptAt}, last_error_code = 'refund_pending',
      last_error_message = 'The provider accepted the refund; it is not settled yet.'
    where id = ${input.attemptId} and status = 'processing' and attempt_count = ${input.attemptCount}
  `;
  return rows.count > 0;
}
