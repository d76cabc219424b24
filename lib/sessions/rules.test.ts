import { describe, expect, it } from "vitest";
import { calculateSessionRules, isJoinWindowOpen, isNoShowWindowOpen, joinWindowOpensAt, noShowAvailableAt } from "./rules";

describe("calculateSessionRules", () => {
  it("matches floor(d*33/100) and floor(d*66/100) for every duration 1–600", () => {
    for (let d = 1; d <= 600; d++) {
      const rules = calculateSessionRules(d);
      // BigInt division truncates: an independent integer oracle.
      expect(rules.noShowWaitMinutes, `wait for ${d}`).toBe(Number((BigInt(d) * 33n) / 100n));
      expect(rules.minPayableMinutes, `minimum for ${d}`).toBe(Number((BigInt(d) * 66n) / 100n));
    }
  });

  it("gives the README's worked examples (60 → 19/39, not the seed documents' 20/40)", () => {
    expect(calculateSessionRules(60)).toEqual({ noShowWaitMinutes: 19, minPayableMinutes: 39 });
    expect(calculateSessionRules(90)).toEqual({ noShowWaitMinutes: 29, minPayableMinutes: 59 });
    expect(calculateSessionRules(100)).toEqual({ noShowWaitMinutes: 33, minPayableMinutes: 66 });
  });

  it("never lands a minute short where floating point would (d = 50: 50*0.33 = 16.5, 100*0.66 = 66.00000000000001)", () => {
    expect(calculateSessionRules(50).noShowWaitMinutes).toBe(16);
    expect(calculateSessionRules(100).minPayableMinutes).toBe(66);
  });

  it.each([0, -5, 601, 1.5, Number.NaN])("rejects duration %s", (d) => {
    expect(() => calculateSessionRules(d)).toThrow(RangeError);
  });
});

describe("windows", () => {
  const start = new Date("2026-11-21T15:00:00Z");
  const session = { scheduledStartAt: start, scheduledEndAt: new Date("2026-11-21T16:00:00Z"), noShowWaitMinutes: 19 };
  const at = (iso: string) => new Date(iso);

  it("opens the join window exactly 5 minutes before the start and closes at the end", () => {
    expect(joinWindowOpensAt(session).toISOString()).toBe("2026-11-21T14:55:00.000Z");
    expect(isJoinWindowOpen(session, at("2026-11-21T14:54:59.999Z"))).toBe(false);
    expect(isJoinWindowOpen(session, at("2026-11-21T14:55:00.000Z"))).toBe(true);
    expect(isJoinWindowOpen(session, at("2026-11-21T15:59:59.999Z"))).toBe(true);
    expect(isJoinWindowOpen(session, at("2026-11-21T16:00:00.000Z"))).toBe(false);
  });

  it("allows a no-show from start + wait until the end", () => {
    expect(noShowAvailableAt(session).toISOString()).toBe("2026-11-21T15:19:00.000Z");
    expect(isNoShowWindowOpen(session, at("2026-11-21T15:18:59.999Z"))).toBe(false);
    expect(isNoShowWindowOpen(session, at("2026-11-21T15:19:00.000Z"))).toBe(true);
    expect(isNoShowWindowOpen(session, at("2026-11-21T16:00:00.000Z"))).toBe(false);
  });
});
