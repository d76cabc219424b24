/**
 * The payment provider's rate limit (README "Payments"), shared by every worker of one job run:
 * a token bucket at a share of the provider's allowance (Stripe: ~25 operations/s in test mode,
 * ~100 live), so a backlog drains steadily instead of bouncing off 429s. When the provider
 * answers 429 anyway, `pause(retryAfterMs)` stops every worker until its Retry-After has passed.
 * Callers are served in order (one queue), so no worker starves. The clock is injectable for tests.
 */

export type TClock = { now(): number; sleep(ms: number): Promise<void> };

export const realClock: TClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The share of the provider's allowance the jobs use: headroom for the web requests (Checkout, onboarding). */
export const RATE_LIMIT_SHARE = 0.8;

export type TRateLimiter = {
  /** Resolves when the caller may make one provider call. */
  acquire(): Promise<void>;
  /** Everyone waits until `ms` from now (a 429's Retry-After); the bucket starts empty afterwards. */
  pause(ms: number): void;
  readonly perSecond: number;
};

export function createRateLimiter(options: { perSecond: number; burst?: number; clock?: TClock }): TRateLimiter {
  const perSecond = options.perSecond;
  if (!(perSecond > 0)) throw new Error(`createRateLimiter: perSecond must be positive, got ${perSecond}`);
  const clock = options.clock ?? realClock;
  // No limit (the manual provider calls nothing remote): never waits, but a 429 pause still holds.
  const isUnlimited = perSecond === Number.POSITIVE_INFINITY;
  // A small burst: a fixed one-second window at the provider never sees more than the rate.
  const burst = isUnlimited ? 1 : Math.max(1, options.burst ?? Math.floor(perSecond / 10));
  let tokens = burst;
  let refilledAt = clock.now();
  let pausedUntil = -Infinity;
  let queue: Promise<void> = Promise.resolve();

  const refill = (at: number) => {
    tokens = Math.min(burst, tokens + ((at - refilledAt) * perSecond) / 1000);
    refilledAt = at;
  };

  const take = async () => {
    for (;;) {
      const at = clock.now();
      if (at < pausedUntil) {
        await clock.sleep(pausedUntil - at);
        continue;
      }
      if (isUnlimited) return;
      refill(at);
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await clock.sleep(Math.max(1, Math.ceil(((1 - tokens) * 1000) / perSecond)));
    }
  };

  return {
    perSecond,
    acquire() {
      const turn = queue.then(take);
      queue = turn.catch(() => {});
      return turn;
    },
    pause(ms) {
      const at = clock.now();
      if (at + ms > pausedUntil) pausedUntil = at + ms;
      tokens = 0;
      refilledAt = Math.max(refilledAt, pausedUntil);
    },
  };
}

/** The limiter for one run of the payment jobs against `provider`. */
export function rateLimiterFor(provider: { rateLimitPerSecond: number }, clock?: TClock): TRateLimiter {
  return createRateLimiter({ perSecond: Math.max(1, provider.rateLimitPerSecond * RATE_LIMIT_SHARE), clock });
}
