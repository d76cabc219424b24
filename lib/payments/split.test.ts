import { describe, expect, it } from "vitest";
import { applyBps, completedSplit, noShowSplit } from "./split";

// Independent oracle in BigInt: round half up of price × bps / 10 000.
const roundHalfUp = (price: number, bps: number) => Number((BigInt(price) * BigInt(bps) * 2n + 10_000n) / 20_000n);

describe("money splits", () => {
  it("charge = payout + fee, rounded half up, for every price 1–100 000 cents (completion 100/90/10)", () => {
    for (let price = 1; price <= 100_000; price++) {
      const s = completedSplit(price);
      if (
        s.chargeCents !== price ||
        s.payoutCents !== roundHalfUp(price, 9000) ||
        s.chargeCents !== s.payoutCents + s.platformFeeCents ||
        s.platformFeeCents < 0
      ) {
        expect.fail(`completion split wrong for ${price}: ${JSON.stringify(s)}`);
      }
    }
  });

  it("charge = payout + fee, rounded half up, for every price 1–100 000 cents (no-show 50 → 45/5)", () => {
    for (let price = 1; price <= 100_000; price++) {
      const s = noShowSplit(price);
      if (
        s.chargeCents !== roundHalfUp(price, 5000) ||
        s.payoutCents !== roundHalfUp(price, 4500) ||
        s.chargeCents !== s.payoutCents + s.platformFeeCents ||
        s.platformFeeCents < 0
      ) {
        expect.fail(`no-show split wrong for ${price}: ${JSON.stringify(s)}`);
      }
    }
  });

  it("gives the worked examples", () => {
    expect(completedSplit(15_000)).toEqual({ chargeCents: 15_000, payoutCents: 13_500, platformFeeCents: 1_500 });
    expect(noShowSplit(15_000)).toEqual({ chargeCents: 7_500, payoutCents: 6_750, platformFeeCents: 750 });
    // 101 × 50 % = 50.5 → 51; 101 × 45 % = 45.45 → 45; fee is the remainder 6
    expect(noShowSplit(101)).toEqual({ chargeCents: 51, payoutCents: 45, platformFeeCents: 6 });
    // 5 × 90 % = 4.5 → 5 (half up); fee 0
    expect(completedSplit(5)).toEqual({ chargeCents: 5, payoutCents: 5, platformFeeCents: 0 });
  });

  it("uses the split frozen on the session, not the defaults", () => {
    expect(completedSplit(10_000, { completionPayoutBps: 8500, noShowChargeBps: 5000, noShowPayoutBps: 4500 }).payoutCents).toBe(8_500);
  });

  it("rejects fractional or negative cents and bad basis points", () => {
    expect(() => applyBps(1.5, 5000)).toThrow(RangeError);
    expect(() => applyBps(-1, 5000)).toThrow(RangeError);
    expect(() => applyBps(100, 10_001)).toThrow(RangeError);
  });
});
