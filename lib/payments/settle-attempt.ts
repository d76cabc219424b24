import "server-only";
import type { ISql } from "postgres";
import { enqueueNotification } from "@/lib/notifications/enqueue-notification";
import type { TLessonFacts } from "@/lib/notifications/notification-data";

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
 * a receipt means the money was taken, never just that a lesson was charged in the ledger. Returns the
 * attempt when this call settled it, null when it was already succeeded (or does not exist).
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
  if (attempt.kind === "charge") {
    const [lesson] = await tx<{ facts: TLessonFacts }[]>`select public.notification_lesson_facts(${attempt.session_id}) as facts`;
    if (lesson?.facts) {
      await enqueueNotification(tx, {
        recipientId: attempt.party_id,
        kind: "charge_receipt",
        subjectType: "session",
        subjectId: attempt.session_id,
        data: { ...lesson.facts, session_id: attempt.session_id, amount_cents: Number(attempt.amount_cents), currency: attempt.currency },
      });
    }
  }
  return { id: attempt.id, kind: attempt.kind, sessionId: attempt.session_id, ledgerEntryId: attempt.ledger_entry_id };
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
