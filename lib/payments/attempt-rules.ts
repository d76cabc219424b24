/**
 * The payment jobs' rules (README "Payments"), named once: leases, the retry schedule after a
 * decline, the backoff after an unknown outcome, and the idempotency keys of each try.
 * Pure: shared by the collection and transfer jobs, the admin's retry and their tests.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** How long a claimed attempt is its worker's; past it (a crash), the next run retries it with the SAME key. */
export const ATTEMPT_LEASE_MS = 5 * MINUTE_MS;

/** After the n-th decline (n = 1, 2, 3) the charge is tried again this much later; the payer can pay on-session meanwhile. */
export const DECLINE_RETRY_DELAYS_MS = [1 * HOUR_MS, 6 * HOUR_MS, 24 * HOUR_MS] as const;
/** Declines before a charge is failed (the admin's failed-payments queue): the first try and its three retries. */
export const MAX_DECLINES = DECLINE_RETRY_DELAYS_MS.length + 1;

/** After an unknown outcome (network, timeout, 5xx): the same call again, with the same key, this much later. */
export const TRANSIENT_RETRY_DELAYS_MS = [1 * MINUTE_MS, 5 * MINUTE_MS, 15 * MINUTE_MS, 1 * HOUR_MS, 6 * HOUR_MS] as const;
/** Provider calls (of any outcome, 429s not counted) after which an attempt that keeps erroring is failed. */
export const MAX_PROVIDER_CALLS = 10;

/** A refund the provider accepted but has not settled is looked at again this much later (its webhook usually comes first). */
export const REFUND_PENDING_RECHECK_MS = 6 * HOUR_MS;
/** A refund whose charge is not collected yet is looked at again this much later. */
export const REFUND_WAIT_MS = 15 * MINUTE_MS;
/** Without a Retry-After, a 429 pauses everyone this long. */
export const DEFAULT_RETRY_AFTER_MS = 1_000;
/** 429s on one attempt handled in-process (waiting out Retry-After) before it goes back to the queue. */
export const MAX_RATE_LIMIT_RETRIES = 5;

/**
 * Stripe keeps an idempotency key for 24 hours, then the same key makes a new object. A key first sent this
 * long ago is not sent again before the workers look for what it created (the objects carry it in metadata).
 */
export const KEY_LOOKUP_AFTER_MS = 23 * HOUR_MS;

/** Whether the provider may have forgotten the attempt's current key by `now` (README "Payments"). */
export function mayHaveForgottenKey(keySentAt: Date, now: Date): boolean {
  return now.getTime() - keySentAt.getTime() >= KEY_LOOKUP_AFTER_MS;
}

const RETRY_SUFFIX = /:retry:(\d+)$/;

/** How many definitive declines the attempt has had: the `n` of its current `<ledger key>:retry:<n>` (0 for the ledger key). */
export function declinesSoFar(idempotencyKey: string): number {
  const match = RETRY_SUFFIX.exec(idempotencyKey);
  return match ? Number(match[1]) : 0;
}

/** The key of the next call after a definitive decline: a new PaymentIntent (a declined one stays declined for its key). */
export function nextRetryKey(ledgerKey: string, currentKey: string): string {
  return `${ledgerKey}:retry:${declinesSoFar(currentKey) + 1}`;
}

/** What a definitive decline leads to: another try later (action_required) or, after the last, failed. */
export function afterDecline(input: {
  ledgerKey: string;
  currentKey: string;
  now: Date;
}):
  | { status: "action_required"; idempotencyKey: string; nextAttemptAt: Date; isFirstDecline: boolean }
  | { status: "failed"; idempotencyKey: string } {
  const declines = declinesSoFar(input.currentKey) + 1;
  const idempotencyKey = nextRetryKey(input.ledgerKey, input.currentKey);
  if (declines >= MAX_DECLINES) return { status: "failed", idempotencyKey };
  const delay = DECLINE_RETRY_DELAYS_MS[Math.min(declines, DECLINE_RETRY_DELAYS_MS.length) - 1] ?? 0;
  return {
    status: "action_required",
    idempotencyKey,
    nextAttemptAt: new Date(input.now.getTime() + delay),
    isFirstDecline: declines === 1,
  };
}

/** What an unknown outcome leads to: the same key later, or failed once the attempt has used its calls. */
export function afterTransientError(input: {
  attemptCount: number;
  now: Date;
}): { status: "retry"; nextAttemptAt: Date } | { status: "failed" } {
  if (input.attemptCount >= MAX_PROVIDER_CALLS) return { status: "failed" };
  const index = Math.min(Math.max(input.attemptCount, 1) - 1, TRANSIENT_RETRY_DELAYS_MS.length - 1);
  return { status: "retry", nextAttemptAt: new Date(input.now.getTime() + (TRANSIENT_RETRY_DELAYS_MS[index] ?? 0)) };
}

/**
 * The status an attempt goes back to when its call did not settle it (a 429, an unknown outcome, a wait):
 * action_required once it was declined (the payer's "Complete payment" stays open), else pending.
 */
export function waitingStatus(idempotencyKey: string, kind: "charge" | "refund" | "transfer"): "pending" | "action_required" {
  return kind === "charge" && declinesSoFar(idempotencyKey) > 0 ? "action_required" : "pending";
}
