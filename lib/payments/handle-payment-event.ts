import "server-only";
import type { Sql, TransactionSql } from "postgres";
import { asService } from "@/lib/db";
import { log } from "@/lib/log";
import type { PaymentProvider, TPaymentEvent } from "@/lib/payments/providers/types";
import { findDuplicatePayment, refundDuplicatePayment, type TDuplicatePayment } from "@/lib/payments/refund-duplicate-payment";
import { savePayeeAccount } from "@/lib/payments/save-payee-account";
import { saveCard } from "@/lib/payments/save-payment-method";
import { markAttemptActionRequired, markAttemptSucceeded, markRefundFailed } from "@/lib/payments/settle-attempt";

export type TPaymentEventOutcome = "processed" | "duplicate" | "ignored";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A verified payment provider event's effects on the database (README "Payments"), in one
 * transaction, idempotent by event id: the payment_webhook_events row is inserted first and a
 * replay (same id) finds it and changes nothing. Every effect goes through the single writers,
 * so the webhook and the jobs (or the payer's return page) converge whichever arrives first,
 * and out-of-order events cannot undo a success (`succeeded` is terminal).
 */
export async function handlePaymentEvent(options: {
  db: Sql;
  event: TPaymentEvent;
  now: Date;
  /** Refunds a second payment of an already settled charge (see refund-duplicate-payment.ts) after the commit. */
  provider?: PaymentProvider;
}): Promise<TPaymentEventOutcome> {
  const { db, event, now } = options;
  if (event.kind === "ignored") return "ignored";
  const duplicates: TDuplicatePayment[] = [];
  const outcome = await asService(db, async (tx) => {
    const [recorded] = await tx`
      insert into public.payment_webhook_events (event_id, provider, type, provider_created_at, processed_at)
      values (${event.eventId}, 'stripe', ${event.type.slice(0, 100)}, ${event.createdAt}, ${now})
      on conflict (event_id) do nothing
      returning event_id
    `;
    if (!recorded) return "duplicate" as const;
    await applyEvent(tx, event, now, duplicates);
    return "processed" as const;
  });
  if (options.provider) for (const duplicate of duplicates) await refundDuplicatePayment(options.provider, duplicate);
  return outcome;
}

async function applyEvent(tx: TransactionSql, event: TPaymentEvent, now: Date, duplicates: TDuplicatePayment[]): Promise<void> {
  switch (event.kind) {
    case "setup_completed":
      return saveCardFromEvent(tx, event);
    case "payment_succeeded": {
      if (!event.attemptId || !UUID.test(event.attemptId)) return;
      const attempt = await chargeAttempt(tx, event.attemptId);
      if (!attempt) return;
      const settled = await markAttemptSucceeded(tx, { attemptId: attempt.id, providerRef: event.paymentRef, now });
      const duplicate = settled
        ? null
        : await findDuplicatePayment(tx, { attemptId: attempt.id, paymentRef: event.paymentRef, amountCents: event.amountCents });
      if (duplicate) duplicates.push(duplicate);
      return;
    }
    case "payment_failed": {
      if (!event.attemptId || !UUID.test(event.attemptId)) return;
      const attempt = await chargeAttempt(tx, event.attemptId);
      // Only an attempt already waiting for its payer takes the latest reason (an on-session Checkout declined
      // too). A success is terminal (a failure delivered after it, or of an older PaymentIntent, changes
      // nothing), and a pending or processing attempt belongs to the collection job: it gets the same decline
      // from its own call (the key replays it), moves the attempt to its next key and tells the payer once.
      if (!attempt || attempt.status !== "action_required") return;
      // The job schedules retries; the webhook keeps the schedule as it is.
      await markAttemptActionRequired(tx, {
        attemptId: attempt.id,
        code: event.code,
        message: event.message,
        providerRef: event.paymentRef,
        nextAttemptAt: attempt.next_attempt_at,
      });
      return;
    }
    case "refund_updated": {
      if (event.status === "pending") return;
      if (event.status === "failed") {
        // Also after it succeeded: the payer is owed it again (markRefundFailed). Idempotent: a second
        // failure event (refund.failed and refund.updated are both sent) or a replay finds nothing.
        const failed = await markRefundFailed(tx, { refundRef: event.refundRef, failureReason: event.failureReason, now });
        if (failed) log.warn("payment_refund_failed", { refundRef: event.refundRef, paymentRef: event.paymentRef, attemptId: failed.id });
        return;
      }
      const [attempt] = await tx<{ id: string }[]>`
        select id from public.payment_attempts
        where kind = 'refund' and provider_ref = ${event.refundRef} and status in ('pending', 'processing')
        for update
      `;
      if (attempt) await markAttemptSucceeded(tx, { attemptId: attempt.id, providerRef: event.refundRef, now });
      return;
    }
    case "payee_updated": {
      const [payee] = await tx<{ tutor_id: string; payouts_enabled: boolean; updated_at: Date }[]>`
        select tutor_id, payouts_enabled, updated_at from public.payee_accounts where account_ref = ${event.accountRef} for update
      `;
      if (!payee) {
        log.warn("payment_webhook_unknown_payee", { accountRef: event.accountRef });
        return;
      }
      // A late delivery of an older event must not switch payouts off again (event times are whole seconds).
      const isStaleDowngrade =
        payee.payouts_enabled && !event.payoutsEnabled && event.createdAt.getTime() + 1000 < payee.updated_at.getTime();
      if (isStaleDowngrade) return;
      await savePayeeAccount(tx, {
        tutorId: payee.tutor_id,
        accountRef: event.accountRef,
        payoutsEnabled: event.payoutsEnabled,
        detailsSubmitted: event.detailsSubmitted,
        now,
      });
      return;
    }
  }
}

async function chargeAttempt(tx: TransactionSql, attemptId: string) {
  const [attempt] = await tx<{ id: string; status: string; next_attempt_at: Date }[]>`
    select id, status, next_attempt_at from public.payment_attempts where id = ${attemptId} and kind = 'charge' for update
  `;
  return attempt ?? null;
}

/**
 * The payer is named by the event (metadata user_id) or found by their customer at the provider.
 * A card attached before the one already saved (an event delivered late) does not replace it.
 */
async function saveCardFromEvent(tx: TransactionSql, event: Extract<TPaymentEvent, { kind: "setup_completed" }>): Promise<void> {
  const [payer] = await tx<{ user_id: string; customer_ref: string; payment_method_ref: string | null; saved_at: Date | null }[]>`
    select user_id, customer_ref, payment_method_ref, saved_at from public.payment_methods
    where ${event.userId && UUID.test(event.userId) ? tx`user_id = ${event.userId}` : tx`customer_ref = ${event.customerRef}`}
    for update
  `;
  if (!payer || payer.customer_ref !== event.customerRef) {
    log.warn("payment_webhook_unknown_customer", { customerRef: event.customerRef });
    return;
  }
  if (payer.payment_method_ref === event.card.paymentMethodRef) return;
  // Event times are whole seconds: a card saved in the same second as this event was attached is kept.
  if (payer.saved_at && payer.saved_at.getTime() >= event.createdAt.getTime()) return;
  await saveCard(tx, { userId: payer.user_id, customerRef: event.customerRef, card: event.card, now: event.createdAt });
}
