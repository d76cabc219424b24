import "server-only";
import type { ISql } from "postgres";
import { recordSessionEvent } from "@/lib/sessions";
import { nextRetryKey } from "./attempt-rules";
import { notifyPayer } from "./notify-payer";

/**
 * The single writers of a payment attempt's outcome (README "Payments"), used by the collection
 * and transfer jobs and by the webhook handler alike, so a result that arrives twice (the job's
 * answer and the provider's webhook, or a replayed webhook) is written once. Each runs in the
 * caller's transaction; `succeeded` is terminal: nothing moves an attempt out of it.
 */

export type TSettledAttempt = { id: string; kind: "charge" | "refund" | "transfer"; sessionId: string; ledgerEntryId: string };

/**
 * Marks the attempt succeeded with the provider's id and posts that id on its ledger row. Settled outside
 * the provider (`settledOutsideBy`: the admin who recorded a bank transfer, cash or cheque), the id is the
 * admin's reference and the attempt says so (`settled_outside_by`), so nothing sends it to the provider. A collected
 * charge sends the payer (whoever booked: the student or their parent) the receipt, in this transaction:
 * a receipt means the money was taken, never just that a lesson was charged in the ledger; a settled
 * refund tells the payer it is on its way back to the card. Returns the attempt when this call settled
 * it, null when it was already succeeded (or does not exist).
 */
export async function markAttemptSucceeded(
  tx: ISql,
  input: { attemptId: string; providerRef: string; now: Date; settledOutsideBy?: string },
): Promise<TSettledAttempt | null> {
  const [attempt] = await tx<
    {
      id: string;
      kind: TSettledAttempt["kind"];
      session_id: string;
      ledger_entry_id: string;
      party_id: string;
      amount_cents: string;
      currency: string;
    }[]
  >`
    update public.payment_attempts
    set status = 'succeeded', provider_ref = ${input.providerRef}, succeeded_at = ${input.now}, lease_until = null,
        last_error_code = null, last_error_message = null, settled_outside_by = ${input.settledOutsideBy ?? null}
    where id = ${input.attemptId} and status <> 'succeeded'
    returning id, kind, session_id, ledger_entry_id, party_id, amount_cents, currency
  `;
  if (!attempt) return null;
  await tx`update public.ledger_entries set provider_ref = ${input.providerRef} where id = ${attempt.ledger_entry_id}`;
  if (attempt.kind !== "transfer") {
    // paid by bank transfer, cash or cheque: the words say so, with the admin's reference
    const extra = input.settledOutsideBy ? { outside_reference: input.providerRef } : {};
    await notifyPayer(tx, attempt, attempt.kind === "charge" ? "charge_receipt" : "refund_sent", extra);
  }
  return { id: attempt.id, kind: attempt.kind, sessionId: attempt.session_id, ledgerEntryId: attempt.ledger_entry_id };
}

/**
 * A refund the provider accepted has failed: the card issuer returned it (an expired or cancelled card),
 * before or even after it had succeeded. The money is back with the platform and the payer is still owed
 * it, so the attempt leaves `succeeded` — the one way out of it — for `failed`: the admin's failed-payments
 * queue, where it is retried or settled another way. Its next call gets a new key (the old one replays the
 * failed refund) and forgets the failed refund's id, so a late event of that refund matches nothing; the
 * ledger row loses the id too. The payer is told, and it is audited, in this transaction. Idempotent: a
 * second failure event of the same refund finds nothing. Returns the attempt when this call failed it.
 */
export async function markRefundFailed(
  tx: ISql,
  input: { refundRef: string; failureReason: string | null; now: Date },
): Promise<TSettledAttempt | null> {
  const [attempt] = await tx<
    {
      id: string;
      session_id: string;
      ledger_entry_id: string;
      ledger_key: string;
      idempotency_key: string;
      party_id: string;
      amount_cents: string;
      currency: string;
      was: string;
    }[]
  >`
    select a.id, a.session_id, a.ledger_entry_id, l.idempotency_key as ledger_key, a.idempotency_key, a.party_id,
           a.amount_cents, a.currency, a.status as was
    from public.payment_attempts a
    join public.ledger_entries l on l.id = a.ledger_entry_id
    where a.kind = 'refund' and a.provider_ref = ${input.refundRef} and a.status in ('pending', 'processing', 'succeeded')
      and a.settled_outside_by is null
    for update of a
  `;
  if (!attempt) return null;
  const reason = input.failureReason?.slice(0, 60) ?? null;
  await tx`
    update public.payment_attempts
    set status = 'failed', succeeded_at = null, provider_ref = null, lease_until = null,
        idempotency_key = ${nextRetryKey(attempt.ledger_key, attempt.idempotency_key)},
        last_error_code = 'refund_failed',
        last_error_message = ${`The card issuer returned refund ${input.refundRef} (${reason ?? "no reason given"}): return it another way, or retry.`}
    where id = ${attempt.id}
  `;
  await tx`update public.ledger_entries set provider_ref = null where id = ${attempt.ledger_entry_id} and provider_ref = ${input.refundRef}`;
  await recordSessionEvent(tx, {
    sessionId: attempt.session_id,
    type: "payment.refund_failed",
    actor: { role: "system" },
    payload: {
      attempt_id: attempt.id,
      refund_ref: input.refundRef,
      failure_reason: reason,
      amount_cents: Number(attempt.amount_cents),
      was: attempt.was,
    },
    at: input.now,
  });
  await notifyPayer(tx, attempt, "refund_failed", { failure_reason: reason });
  return { id: attempt.id, kind: "refund", sessionId: attempt.session_id, ledgerEntryId: attempt.ledger_entry_id };
}

/**
 * Marks a charge attempt as needing the payer (a decline or authentication_required): it stays in the
 * collection queue for its retries (`nextAttemptAt`) and the payer can pay on-session meanwhile. Never
 * touches a succeeded attempt. Returns true when the attempt was moved into action_required by this call
 * (the caller notifies the payer then, once).
 */
export async function markAttemptActionRequired(
  tx: ISql,
  input: { attemptId: string; code: string; message: string; providerRef?: string | null; nextAttemptAt: Date },
): Promise<boolean> {
  const [row] = await tx<{ was_action_required: boolean }[]>`
    with before as (select status from public.payment_attempts where id = ${input.attemptId} for update)
    update public.payment_attempts a
    set status = 'action_required', lease_until = null, next_attempt_at = ${input.nextAttemptAt},
        last_error_code = ${input.code.slice(0, 100)}, last_error_message = ${input.message.slice(0, 1000)},
        provider_ref = coalesce(${input.providerRef ?? null}, a.provider_ref)
    from before
    where a.id = ${input.attemptId} and a.status not in ('succeeded', 'cancelled', 'failed')
    returning before.status = 'action_required' as was_action_required
  `;
  return row ? !row.was_action_required : false;
}
