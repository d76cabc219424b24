import { describe, expect, it } from "vitest";
import { createRateLimiter, rateLimiterFor, type TClock } from "./rate-limiter";

/** A clock that only moves when someone sleeps: every wait is exact and instant. */
function fakeClock(): TClock & { slept: number[] } {
  let at = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => at,
    sleep: async (ms) => {
      slept.push(ms);
      at += ms;
    },
  };
}

async function grantTimes(limiter: ReturnType<typeof createRateLimiter>, clock: TClock, count: number): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(Array.from({ length: count }, () => limiter.acquire().then(() => times.push(clock.now()))));
  return times;
}

describe("createRateLimiter", () => {
  it("grants the burst at once, then one call per 1/rate seconds, in order, to concurrent callers", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ perSecond: 20, burst: 2, clock });
    const times = await grantTimes(limiter, clock, 12);
    expect(times.slice(0, 2)).toEqual([0, 0]);
    for (let index = 2; index < times.length; index++) expect(times[index]).toBeCloseTo((index - 1) * 50, 0);
    // 12 calls at 20/s: never more than the rate in any second after the burst.
    expect(times.at(-1)).toBeCloseTo(500, 0);
  });

  it("never exceeds the rate over a long run (1000 calls at 25/s take ~40 s)", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ perSecond: 25, clock });
    const times = await grantTimes(limiter, clock, 1000);
    const last = times.at(-1) ?? 0;
    expect(last / 1000).toBeGreaterThanOrEqual((1000 - 2) / 25);
    expect(last / 1000).toBeLessThan(1000 / 25 + 1);
    for (let index = 0; index + 25 < times.length; index++) {
      // any 26 consecutive grants span at least (26 - burst) / rate seconds
      expect((times[index + 25] ?? 0) - (times[index] ?? 0)).toBeGreaterThanOrEqual(((26 - 2) / 25) * 1000 - 1);
    }
  });

  it("pause(retryAfter) holds every waiting caller until the Retry-After has passed", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ perSecond: 10, burst: 1, clock });
    await limiter.acquire(); // t = 0
    limiter.pause(2_000);
    const times = await grantTimes(limiter, clock, 3);
    expect(times[0]).toBeGreaterThanOrEqual(2_000);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect((times[2] ?? 0) - (times[0] ?? 0)).toBeCloseTo(200, 0);
  });

  it("a shorter pause never shortens a longer one", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ perSecond: 10, burst: 1, clock });
    limiter.pause(5_000);
    limiter.pause(1_000);
    await limiter.acquire();
    expect(clock.now()).toBeGreaterThanOrEqual(5_000);
  });

  it("an unlimited provider (manual) never waits", async () => {
    const clock = fakeClock();
    const limiter = rateLimiterFor({ rateLimitPerSecond: Number.POSITIVE_INFINITY }, clock);
    await grantTimes(limiter, clock, 500);
    expect(clock.now()).toBe(0);
  });

  it("rateLimiterFor uses 80 % of the provider's allowance", () => {
    expect(rateLimiterFor({ rateLimitPerSecond: 25 }).perSecond).toBe(20);
    expect(rateLimiterFor({ rateLimitPerSecond: 100 }).perSecond).toBe(80);
    expect(() => createRateLimiter({ perSecond: 0 })).toThrow();
  });
});
