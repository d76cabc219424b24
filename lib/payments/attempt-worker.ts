import "server-only";
import type { Sql } from "postgres";
import { log } from "@/lib/log";
import { DEFAULT_RETRY_AFTER_MS, MAX_RATE_LIMIT_RETRIES } from "./attempt-rules";
import { claimDueAttempts, hasDueAttempts, type TAttemptKind, type TClaimedAttempt } from "./claim-due-attempts";
import { PaymentProviderError } from "./providers/types";
import type { PaymentProvider } from "./providers/types";
import { rateLimiterFor, type TRateLimiter } from "./rate-limiter";

/** What a payment job is called with (collectDuePayments, transferReleasedPayouts). */
export type TAttemptJobOptions = {
  db: Sql;
  provider: PaymentProvider;
  now: Date;
  timeBudgetMs?: number;
  concurrency?: number;
  limiter?: TRateLimiter;
  batchSize?: number;
};

/** One run of a payment job: what every outcome writer of it needs, and the counts it returns. */
export type TAttemptRun<TResult> = {
  db: Sql;
  provider: PaymentProvider;
  now: Date;
  limiter: TRateLimiter;
  deadline: number;
  result: TResult;
};

/**
 * A payment job's run around workDueAttempts: its limiter (the provider's unless given), deadline, counts
 * (`durationMs` filled in) and one log line when it did anything.
 */
export async function runAttemptJob<TResult extends { durationMs: number }>(input: {
  options: TAttemptJobOptions;
  defaults: { timeBudgetMs: number; concurrency: number; batchSize: number };
  kinds: readonly TAttemptKind[];
  result: TResult;
  logEvent: string;
  work: (run: TAttemptRun<TResult>, attempt: TClaimedAttempt) => Promise<void>;
  onNetted?: (run: TAttemptRun<TResult>, count: number) => void;
  includeAwaitingPayee?: (provider: PaymentProvider) => boolean;
}): Promise<TResult> {
  const { options, defaults, result } = input;
  const startedAt = performance.now();
  const run: TAttemptRun<TResult> = {
    db: options.db,
    provider: options.provider,
    now: options.now,
    limiter: options.limiter ?? rateLimiterFor(options.provider),
    deadline: startedAt + (options.timeBudgetMs ?? defaults.timeBudgetMs),
    result,
  };
  await workDueAttempts({
    db: run.db,
    now: run.now,
    kinds: input.kinds,
    limiter: run.limiter,
    deadline: run.deadline,
    concurrency: options.concurrency ?? defaults.concurrency,
    batchSize: options.batchSize ?? defaults.batchSize,
    work: (attempt) => input.work(run, attempt),
    onNetted: input.onNetted ? (count) => input.onNetted?.(run, count) : undefined,
    includeAwaitingPayee: input.includeAwaitingPayee?.(run.provider),
  });
  result.durationMs = Math.round(performance.now() - startedAt);
  const { durationMs: _, ...counts } = result;
  if (Object.values(counts).some((count) => typeof count === "number" && count > 0)) log.info(input.logEvent, result);
  return result;
}

/**
 * The loop the payment jobs share (the shape of deliver-due-notifications.ts): claim a batch in a
 * short transaction, work it with `concurrency` workers, each provider call taken from the run's one
 * rate limiter and made OUTSIDE any transaction, its outcome written in its own short transaction.
 * Stops claiming once the time budget is spent; what is left waits for the next tick.
 */
export async function workDueAttempts(options: {
  db: Sql;
  now: Date;
  kinds: readonly TAttemptKind[];
  limiter: TRateLimiter;
  deadline: number;
  concurrency: number;
  batchSize: number;
  work: (attempt: TClaimedAttempt) => Promise<void>;
  onNetted?: (count: number) => void;
  includeAwaitingPayee?: boolean;
}): Promise<void> {
  const { limiter, deadline } = options;
  const scope = { db: options.db, now: options.now, kinds: options.kinds, includeAwaitingPayee: options.includeAwaitingPayee };
  if (!(await hasDueAttempts(scope))) return;
  while (performance.now() < deadline) {
    // Never claim more than the rate limit lets this run call before its deadline (the rest would sit leased).
    const callable = Math.floor((limiter.perSecond * (deadline - performance.now())) / 1000);
    const limit = Math.max(1, Math.min(options.batchSize, callable));
    const { claimed, netted } = await claimDueAttempts({
      db: options.db,
      now: options.now,
      kinds: options.kinds,
      limit,
      includeAwaitingPayee: options.includeAwaitingPayee,
    });
    if (netted > 0) options.onNetted?.(netted);
    if (claimed.length === 0 && netted === 0) return;
    const queue = [...claimed];
    const workers = Array.from({ length: Math.min(options.concurrency, queue.length) }, async () => {
      for (let attempt = queue.shift(); attempt; attempt = queue.shift()) {
        try {
          await options.work(attempt);
        } catch (error) {
          // A database error while writing an outcome: the lease runs out and the next run retries (same key).
          log.error("payment_attempt_failed", { attemptId: attempt.id, kind: attempt.kind, error });
        }
      }
    });
    await Promise.all(workers);
  }
}

export type TCallOutcome<T> =
  | { kind: "result"; value: T }
  | { kind: "rate_limited"; retryAfterMs: number }
  | { kind: "transient"; code: string; message: string }
  | { kind: "refused"; code: string; message: string };

/**
 * One provider call through the limiter. A 429 pauses every worker for its Retry-After and is retried
 * here, with the same key, while the budget allows (it never counts as a try); what comes back is the
 * result or the error's class. Anything that is not a PaymentProviderError is an unknown outcome.
 */
export async function callProvider<T>(input: {
  limiter: TRateLimiter;
  deadline: number;
  call: () => Promise<T>;
  onRateLimited: () => void;
}): Promise<TCallOutcome<T>> {
  for (let tries = 0; ; tries++) {
    await input.limiter.acquire();
    try {
      return { kind: "result", value: await input.call() };
    } catch (error) {
      if (!(error instanceof PaymentProviderError)) {
        return { kind: "transient", code: "provider_error", message: error instanceof Error ? error.message : String(error) };
      }
      if (error.kind === "rate_limited") {
        const retryAfterMs = error.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
        input.onRateLimited();
        input.limiter.pause(retryAfterMs);
        if (tries + 1 >= MAX_RATE_LIMIT_RETRIES || performance.now() + retryAfterMs >= input.deadline) {
          return { kind: "rate_limited", retryAfterMs };
        }
        continue;
      }
      if (error.kind === "transient") return { kind: "transient", code: error.code, message: error.message };
      return { kind: "refused", code: error.code, message: error.message };
    }
  }
}
