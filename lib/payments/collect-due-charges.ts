import "server-only";
import type { ISql } from "postgres";
import { log } from "@/lib/log";
import { enqueueNotification } from "@/lib/notifications/enqueue-notification";
import { duplicateRefundRequest, findDuplicatePayment } from "@/lib/payments/refund-duplicate-payment";
import type { TLessonFacts } from "@/lib/notifications/notification-data";
import {
  advanceAttemptKey,
  markAttemptCancelled,
  markAttemptFailed,
  markAttemptManualDue,
  markRefundPending,
  releaseAttempt,
  type TClaimFence,
} from "./attempt-outcomes";
import {
  REFUND_PENDING_RECHECK_MS,
  REFUND_WAIT_MS,
  afterDecline,
  afterTransientError,
  mayHaveForgottenKey,
  waitingStatus,
} from "./attempt-rules";
import { callProvider, runAttemptJob, type TAttemptJobOptions, type TAttemptRun, type TCallOutcome } from "./attempt-worker";
import type { TClaimedAttempt } from "./claim-due-attempts";
import { PaymentProviderError, type TChargeRequest, type TChargeResult, type TRefundResult, type TRefundState } from "./providers/types";
import { markAttemptActionRequired, markAttemptSucceeded, markRefundFailed } from "./settle-attempt";

export const COLLECT_BATCH_SIZE = 100;
/** Provider calls in flight at once; the rate limiter, not this, sets the pace. */
export const COLLECT_CONCURRENCY = 8;
/** The cron tick's share for collecting charges and refunds; the rest waits for the next tick. */
export const COLLECT_TIME_BUDGET_MS = 8_000;

export type TCollectResult = {
  /** Charges collected at the provider. */
  collected: number;
  /** Charges declined or needing authentication: waiting for the payer ("Complete payment") and a retry. */
  actionRequired: number;
  /** Charges and refunds given up on: in the admin's failed-payments queue. */
  failed: number;
  refunded: number;
  /** The manual provider: amounts now due by hand. */
  manualDue: number;
  /** Refunds netted into a charge never sent, or refunds of a charge that was never collected. */
  cancelled: number;
  /** Unknown outcomes and waiting refunds, back in the queue (same key). */
  retried: number;
  /** 429 answers from the provider (each paused every worker for its Retry-After). */
  rateLimited: number;
  durationMs: number;
};

type TRun = TAttemptRun<TCollectResult>;

/**
 * The collection job (README "Payments"), on the cron tick after notifications: works the due charge and
 * refund attempts the ledger triggers enqueued. Claims a batch in a short transaction (SKIP LOCKED,
 * lease), calls the provider OUTSIDE any transaction, writes each outcome in its own short transaction
 * through the single writers. A crash between the call and its outcome leaves the attempt leased; once the
 * lease ends the next run calls again with the SAME idempotency key, so the provider creates one object.
 *
 * Charges: the payer's saved card (frozen per key by the claim), off-session. A decline (or authentication_required, or no saved card)
 * makes it action_required — the payer is notified once and can pay on-session at /pay/<attemptId> — and it
 * is retried 1 h, 6 h and 24 h later with a new key each time, then failed. Refunds: only from the
 * collected charge and never more than it collected less what was refunded; a refund whose charge is not
 * collected yet waits, one whose charge will never be collected is cancelled. Safe to run concurrently.
 */
export async function collectDuePayments(options: TAttemptJobOptions): Promise<TCollectResult> {
  return runAttemptJob({
    options,
    defaults: { timeBudgetMs: COLLECT_TIME_BUDGET_MS, concurrency: COLLECT_CONCURRENCY, batchSize: COLLECT_BATCH_SIZE },
    kinds: ["charge", "refund"],
    result: {
      collected: 0,
      actionRequired: 0,
      failed: 0,
      refunded: 0,
      manualDue: 0,
      cancelled: 0,
      retried: 0,
      rateLimited: 0,
      durationMs: 0,
    },
    logEvent: "payments_collected",
    work: (run, attempt) => (attempt.kind === "charge" ? collectCharge(run, attempt) : collectRefund(run, attempt)),
    onNetted: (run, count) => {
      run.result.cancelled += count;
    },
  });
}

function fence(attempt: TClaimedAttempt): TClaimFence {
  return { attemptId: attempt.id, attemptCount: attempt.attempt_count };
}

/**
 * The off-session charge an attempt's key stands for: the same parameters on every call with that key (the card
 * frozen by the claim), the session as transfer group (the tutor's transfer joins it later).
 */
export function offSessionChargeRequest(
  attempt: Pick<TClaimedAttempt, "id" | "session_id" | "amount_cents" | "currency" | "idempotency_key">,
  card: { customerRef: string; paymentMethodRef: string } | null,
): TChargeRequest {
  return {
    customerRef: card?.customerRef ?? "",
    paymentMethodRef: card?.paymentMethodRef ?? "",
    amountCents: attempt.amount_cents,
    currency: attempt.currency,
    description: `Tutoring lesson (session ${attempt.session_id})`,
    sessionId: attempt.session_id,
    attemptId: attempt.id,
    transferGroup: attempt.session_id,
    idempotencyKey: attempt.idempotency_key,
  };
}

async function collectCharge(run: TRun, attempt: TClaimedAttempt): Promise<void> {
  // The card this key goes with (frozen by the claim): a retry with the same key sends the same parameters.
  const card = attempt.sent_payment_method_ref
    ? { customerRef: attempt.sent_customer_ref ?? "", paymentMethodRef: attempt.sent_payment_method_ref }
    : null;
  if (run.provider.requiresSavedPaymentMethod && !card) {
    await declined(run, attempt, { paymentRef: null, code: "no_payment_method", message: "No saved card to charge." });
    return;
  }
  const outcome = await callProvider<TChargeResult>({
    limiter: run.limiter,
    deadline: run.deadline,
    onRateLimited: () => {
      run.result.rateLimited += 1;
    },
    call: async () => {
      // A key first sent a day ago may be forgotten: what it created is looked up first (one more call, same token).
      if (card && mayHaveForgottenKey(attempt.key_sent_at, run.now)) {
        const found = await run.provider.findPayment({
          customerRef: card.customerRef,
          idempotencyKey: attempt.idempotency_key,
          since: attempt.key_sent_at,
        });
        if (found?.status === "succeeded") return { status: "succeeded", paymentRef: found.paymentRef } as const;
        if (found?.status === "processing")
          throw new PaymentProviderError("transient", "payment_processing", `PaymentIntent ${found.paymentRef} is still processing.`);
        // nothing, or a PaymentIntent that took no money: sending the key again charges once
      }
      return run.provider.chargeOffSession(offSessionChargeRequest(attempt, card));
    },
  });
  if (outcome.kind !== "result") {
    await notSettled(run, attempt, outcome);
    return;
  }
  const charge = outcome.value;
  if (charge.status === "succeeded") {
    // null: the webhook (or the payer's return page) settled it first; counted once, there
    const settled = await run.db.begin((tx) =>
      markAttemptSucceeded(tx, { attemptId: attempt.id, providerRef: charge.paymentRef, now: run.now }),
    );
    if (settled) run.result.collected += 1;
    else await refundDuplicate(run, attempt, charge.paymentRef);
  } else if (charge.status === "manual_due") {
    if (await run.db.begin((tx) => markAttemptManualDue(tx, fence(attempt)))) run.result.manualDue += 1;
  } else {
    await declined(run, attempt, charge);
  }
}

/**
 * The attempt was settled by another payment while this call was in flight (the payer paid on-session through
 * Complete payment, its webhook first): if that was another PaymentIntent, the payer paid twice, so this one is
 * refunded in full at once (its own key), keeping collected − refunded equal to the ledger.
 */
async function refundDuplicate(run: TRun, attempt: TClaimedAttempt, paymentRef: string): Promise<void> {
  const duplicate = await findDuplicatePayment(run.db, { attemptId: attempt.id, paymentRef, amountCents: attempt.amount_cents });
  if (!duplicate) return;
  const outcome = await callProvider<TRefundResult>({
    limiter: run.limiter,
    deadline: Number.POSITIVE_INFINITY,
    onRateLimited: () => {
      run.result.rateLimited += 1;
    },
    call: () => run.provider.refund(duplicateRefundRequest(duplicate)),
  });
  if (outcome.kind === "result") {
    log.warn("duplicate_charge_refunded", { ...duplicate });
  } else {
    // Nothing in the database records it: an admin must refund it by hand (the log names it).
    log.error("duplicate_charge_not_refunded", { ...duplicate, outcome });
  }
}

/** A definitive decline: a new key for the next try, action_required (the payer hears of it once), or failed after the last. */
async function declined(run: TRun, attempt: TClaimedAttempt, decline: { paymentRef: string | null; code: string; message: string }) {
  const next = afterDecline({ ledgerKey: attempt.ledger_key, currentKey: attempt.idempotency_key, now: run.now });
  if (next.status === "failed") {
    const isFailed = await run.db.begin((tx) =>
      markAttemptFailed(tx, { ...fence(attempt), code: decline.code, message: decline.message, idempotencyKey: next.idempotencyKey }),
    );
    if (isFailed) run.result.failed += 1;
    return;
  }
  const isMoved = await run.db.begin(async (tx) => {
    if (!(await advanceAttemptKey(tx, { ...fence(attempt), idempotencyKey: next.idempotencyKey }))) return false;
    const isActionRequired = await markAttemptActionRequired(tx, {
      attemptId: attempt.id,
      code: decline.code,
      message: decline.message,
      providerRef: decline.paymentRef,
      nextAttemptAt: next.nextAttemptAt,
    });
    if (isActionRequired && next.isFirstDecline) await notifyPayer(tx, attempt);
    return isActionRequired;
  });
  if (isMoved) run.result.actionRequired += 1;
}

/** payment_action_required for the payer, in the transaction that moved the attempt; links to "Complete payment". */
async function notifyPayer(tx: ISql, attempt: TClaimedAttempt): Promise<void> {
  const [row] = await tx<{ facts: TLessonFacts }[]>`select public.notification_lesson_facts(${attempt.session_id}) as facts`;
  if (!row?.facts) return;
  await enqueueNotification(tx, {
    recipientId: attempt.party_id,
    kind: "payment_action_required",
    subjectType: "session",
    subjectId: attempt.session_id,
    data: { ...row.facts, amount_cents: attempt.amount_cents, currency: attempt.currency, attempt_id: attempt.id },
  });
}

/** A call that settled nothing: a 429 (given back, not a try), an unknown outcome (same key, later) or a refusal (failed). */
async function notSettled(run: TRun, attempt: TClaimedAttempt, outcome: Exclude<TCallOutcome<unknown>, { kind: "result" }>) {
  const status = waitingStatus(attempt.idempotency_key, attempt.kind);
  if (outcome.kind === "rate_limited") {
    await run.db.begin((tx) =>
      releaseAttempt(tx, {
        ...fence(attempt),
        status,
        isCounted: false,
        nextAttemptAt: new Date(run.now.getTime() + outcome.retryAfterMs),
      }),
    );
    return;
  }
  const error = { code: outcome.code, message: outcome.message };
  const next = outcome.kind === "transient" ? afterTransientError({ attemptCount: attempt.attempt_count, now: run.now }) : null;
  if (next?.status === "retry") {
    if (
      await run.db.begin((tx) =>
        releaseAttempt(tx, { ...fence(attempt), status, isCounted: true, nextAttemptAt: next.nextAttemptAt, error }),
      )
    ) {
      run.result.retried += 1;
    }
    log.warn("payment_call_failed", { attemptId: attempt.id, kind: attempt.kind, code: outcome.code, retryAt: next.nextAttemptAt });
    return;
  }
  if (await run.db.begin((tx) => markAttemptFailed(tx, { ...fence(attempt), ...error }))) run.result.failed += 1;
  log.error("payment_attempt_given_up", { attemptId: attempt.id, kind: attempt.kind, code: outcome.code });
}

type TRefundPlan =
  | { action: "refund"; paymentRef: string }
  | { action: "wait"; code: string; message: string }
  | { action: "cancel"; code: string; message: string }
  | { action: "fail"; code: string; message: string }
  | { action: "manual_due" };

/**
 * Decides a refund against its session's charge, holding the charge attempt's row lock (one lock only,
 * so no deadlock): refundable = what the charge collected − refunds succeeded or in flight.
 */
async function planRefund(run: TRun, attempt: TClaimedAttempt): Promise<TRefundPlan> {
  return run.db.begin(async (tx) => {
    const [charge] = await tx<
      {
        status: string;
        provider_ref: string | null;
        amount_cents: string;
        sent_payment_method_ref: string | null;
        settled_outside_by: string | null;
      }[]
    >`
      select status, provider_ref, amount_cents, sent_payment_method_ref, settled_outside_by from public.payment_attempts
      where session_id = ${attempt.session_id} and kind = 'charge'
      for update
    `;
    if (!charge) return { action: "cancel", code: "no_charge", message: "The session has no charge to refund from." };
    if (charge.status === "manual_due") return { action: "manual_due" };
    // Failed by its last decline (the next key unsent: no card frozen on it) or cancelled: nothing was collected.
    // Failed after calls that kept erroring, one of them may have charged: wait for the admin's decision (or a webhook).
    if (charge.status === "cancelled" || (charge.status === "failed" && !charge.sent_payment_method_ref)) {
      return { action: "cancel", code: "charge_not_collected", message: "The charge was never collected: nothing to refund." };
    }
    if (charge.status !== "succeeded" || !charge.provider_ref) {
      return { action: "wait", code: "waiting_for_charge", message: "Waiting for the charge to be collected." };
    }
    // refunded: settled, or accepted by the provider and not settled yet (it has the provider's id)
    const [other] = await tx<{ refunded: string; in_flight: string }[]>`
      select coalesce(sum(amount_cents) filter (where status = 'succeeded' or (status in ('pending', 'processing') and provider_ref is not null)), 0) as refunded,
             coalesce(sum(amount_cents) filter (where status = 'processing' and provider_ref is null), 0) as in_flight
      from public.payment_attempts
      where session_id = ${attempt.session_id} and kind = 'refund' and id <> ${attempt.id}
    `;
    const refunded = Number(other?.refunded ?? 0);
    const inFlight = Number(other?.in_flight ?? 0);
    const collected = Number(charge.amount_cents);
    if (attempt.amount_cents + refunded + inFlight <= collected) {
      // Collected outside the provider (an admin's bank reference, not a PaymentIntent): paid back by hand too.
      if (charge.settled_outside_by) return { action: "manual_due" };
      return { action: "refund", paymentRef: charge.provider_ref };
    }
    if (attempt.amount_cents + refunded <= collected) {
      return { action: "wait", code: "waiting_for_refund", message: "Another refund of this charge is in flight." };
    }
    return {
      action: "fail",
      code: "refund_exceeds_collected",
      message: `The refund (${attempt.amount_cents}) exceeds what the charge collected (${collected}) less refunds (${refunded}).`,
    };
  });
}

async function collectRefund(run: TRun, attempt: TClaimedAttempt): Promise<void> {
  if (attempt.provider_ref) {
    await recheckRefund(run, attempt, attempt.provider_ref);
    return;
  }
  const plan = await planRefund(run, attempt);
  if (plan.action === "wait") {
    const nextAttemptAt = new Date(run.now.getTime() + REFUND_WAIT_MS);
    await run.db.begin((tx) => releaseAttempt(tx, { ...fence(attempt), status: "pending", isCounted: false, nextAttemptAt, error: plan }));
    run.result.retried += 1;
    return;
  }
  if (plan.action === "cancel") {
    if (await run.db.begin((tx) => markAttemptCancelled(tx, { ...fence(attempt), ...plan }))) run.result.cancelled += 1;
    return;
  }
  if (plan.action === "fail") {
    if (await run.db.begin((tx) => markAttemptFailed(tx, { ...fence(attempt), ...plan }))) run.result.failed += 1;
    log.error("refund_exceeds_collected", { attemptId: attempt.id, sessionId: attempt.session_id });
    return;
  }
  if (plan.action === "manual_due") {
    if (await run.db.begin((tx) => markAttemptManualDue(tx, fence(attempt)))) run.result.manualDue += 1;
    return;
  }
  const outcome = await callProvider<TRefundResult>({
    limiter: run.limiter,
    deadline: run.deadline,
    onRateLimited: () => {
      run.result.rateLimited += 1;
    },
    call: async () => {
      if (mayHaveForgottenKey(attempt.key_sent_at, run.now)) {
        const found = await run.provider.findRefund({ paymentRef: plan.paymentRef, idempotencyKey: attempt.idempotency_key });
        if (found) return found;
      }
      return run.provider.refund({
        paymentRef: plan.paymentRef,
        amountCents: attempt.amount_cents,
        sessionId: attempt.session_id,
        idempotencyKey: attempt.idempotency_key,
      });
    },
  });
  if (outcome.kind !== "result") {
    await notSettled(run, attempt, outcome);
    return;
  }
  const refund = outcome.value;
  if (refund.status === "manual_due") {
    if (await run.db.begin((tx) => markAttemptManualDue(tx, fence(attempt)))) run.result.manualDue += 1;
    return;
  }
  await writeRefundState(run, attempt, refund);
}

/**
 * A refund the provider accepted earlier and had not settled, looked at again: read by its id. Calling
 * refund again with its key would replay the first answer (still pending) for a day, and create a second
 * refund once Stripe has forgotten the key.
 */
async function recheckRefund(run: TRun, attempt: TClaimedAttempt, refundRef: string): Promise<void> {
  const outcome = await callProvider<TRefundState>({
    limiter: run.limiter,
    deadline: run.deadline,
    onRateLimited: () => {
      run.result.rateLimited += 1;
    },
    call: () => run.provider.readRefund(refundRef),
  });
  if (outcome.kind !== "result") {
    await notSettled(run, attempt, outcome);
    return;
  }
  await writeRefundState(run, attempt, outcome.value);
}

/** A refund's state at the provider, written through the single writers. */
async function writeRefundState(run: TRun, attempt: TClaimedAttempt, refund: TRefundState): Promise<void> {
  if (refund.status === "pending") {
    const nextAttemptAt = new Date(run.now.getTime() + REFUND_PENDING_RECHECK_MS);
    await run.db.begin((tx) => markRefundPending(tx, { ...fence(attempt), refundRef: refund.refundRef, nextAttemptAt }));
    run.result.retried += 1;
    return;
  }
  if (refund.status === "failed") {
    // Recorded with the refund's id first (in this worker's claim), so the single writer finds it by that id.
    const failed = await run.db.begin(async (tx) => {
      const [held] = await tx`
        update public.payment_attempts set provider_ref = ${refund.refundRef}
        where id = ${attempt.id} and status = 'processing' and attempt_count = ${attempt.attempt_count}
        returning id
      `;
      return held ? markRefundFailed(tx, { refundRef: refund.refundRef, failureReason: refund.failureReason, now: run.now }) : null;
    });
    if (failed) run.result.failed += 1;
    return;
  }
  const settled = await run.db.begin((tx) =>
    markAttemptSucceeded(tx, { attemptId: attempt.id, providerRef: refund.refundRef, now: run.now }),
  );
  if (settled) run.result.refunded += 1;
}
