import { describe, expect, it } from "vitest";
import {
  DECLINE_RETRY_DELAYS_MS,
  KEY_LOOKUP_AFTER_MS,
  MAX_DECLINES,
  MAX_PROVIDER_CALLS,
  afterDecline,
  afterTransientError,
  declinesSoFar,
  mayHaveForgottenKey,
  nextRetryKey,
  waitingStatus,
} from "./attempt-rules";

const KEY = "session:0b7c:charge";
const NOW = new Date("2030-01-01T00:00:00.000Z");
const HOUR = 3_600_000;

describe("payment attempt rules", () => {
  it("treats a key first sent 23 hours ago or more as possibly forgotten by the provider (Stripe keeps keys 24 h)", () => {
    const sentAt = new Date("2026-12-01T10:00:00Z");
    expect(mayHaveForgottenKey(sentAt, new Date("2026-12-02T08:59:59.999Z"))).toBe(false);
    expect(mayHaveForgottenKey(sentAt, new Date("2026-12-02T09:00:00Z"))).toBe(true);
    expect(mayHaveForgottenKey(sentAt, sentAt)).toBe(false);
    expect(KEY_LOOKUP_AFTER_MS).toBeLessThan(24 * 3_600_000);
  });

  it("counts declines from the key: the ledger key, then <key>:retry:<n>", () => {
    expect(declinesSoFar(KEY)).toBe(0);
    expect(declinesSoFar(`${KEY}:retry:3`)).toBe(3);
    expect(nextRetryKey(KEY, KEY)).toBe(`${KEY}:retry:1`);
    expect(nextRetryKey(KEY, `${KEY}:retry:1`)).toBe(`${KEY}:retry:2`);
  });

  it("retries a declined charge 1 h, 6 h and 24 h later with a new key each time, then fails it", () => {
    let key = KEY;
    const delays: number[] = [];
    const firsts: boolean[] = [];
    for (;;) {
      const next = afterDecline({ ledgerKey: KEY, currentKey: key, now: NOW });
      key = next.idempotencyKey;
      if (next.status === "failed") break;
      delays.push(next.nextAttemptAt.getTime() - NOW.getTime());
      firsts.push(next.isFirstDecline);
    }
    expect(delays).toEqual([1 * HOUR, 6 * HOUR, 24 * HOUR]);
    expect(firsts).toEqual([true, false, false]);
    expect(key).toBe(`${KEY}:retry:${MAX_DECLINES}`);
    expect(MAX_DECLINES).toBe(DECLINE_RETRY_DELAYS_MS.length + 1);
  });

  it("backs off after unknown outcomes and gives up after MAX_PROVIDER_CALLS", () => {
    const first = afterTransientError({ attemptCount: 1, now: NOW });
    expect(first).toEqual({ status: "retry", nextAttemptAt: new Date(NOW.getTime() + 60_000) });
    const later = afterTransientError({ attemptCount: 9, now: NOW });
    expect(later.status === "retry" && later.nextAttemptAt.getTime() - NOW.getTime()).toBe(6 * HOUR);
    expect(afterTransientError({ attemptCount: MAX_PROVIDER_CALLS, now: NOW })).toEqual({ status: "failed" });
  });

  it("a declined charge waits as action_required; everything else as pending", () => {
    expect(waitingStatus(KEY, "charge")).toBe("pending");
    expect(waitingStatus(`${KEY}:retry:1`, "charge")).toBe("action_required");
    expect(waitingStatus("session:x:refund:1", "refund")).toBe("pending");
  });
});
