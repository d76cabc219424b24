import { describe, expect, it } from "vitest";
import { earlyEndSplit, earlyEndSplits, proRataChargeCents } from "./early-end-amounts";

const lesson = { priceCents: 10_000, durationMinutes: 60, heldMinutes: 20, completionPayoutBps: 9000 };

describe("early-end resolutions", () => {
  it("pro rata is price × held / duration, half up, clamped to 0 … price", () => {
    expect(proRataChargeCents(lesson)).toBe(3333);
    expect(proRataChargeCents({ ...lesson, heldMinutes: 30 })).toBe(5000);
    expect(proRataChargeCents({ ...lesson, priceCents: 1, heldMinutes: 30 })).toBe(1); // 0.5 → 1
    expect(proRataChargeCents({ ...lesson, heldMinutes: 0 })).toBe(0);
    expect(proRataChargeCents({ ...lesson, heldMinutes: -5 })).toBe(0);
    expect(proRataChargeCents({ ...lesson, heldMinutes: 90 })).toBe(10_000);
    expect(proRataChargeCents({ ...lesson, durationMinutes: 0 })).toBe(0);
  });

  it("applies the lesson's frozen completion split to what is charged", () => {
    expect(earlyEndSplits(lesson)).toEqual({
      charge_full: { chargeCents: 10_000, payoutCents: 9000, platformFeeCents: 1000 },
      charge_pro_rata: { chargeCents: 3333, payoutCents: 3000, platformFeeCents: 333 },
      no_charge: { chargeCents: 0, payoutCents: 0, platformFeeCents: 0 },
    });
    expect(earlyEndSplit({ ...lesson, completionPayoutBps: 8000 }, "charge_full")).toEqual({
      chargeCents: 10_000,
      payoutCents: 8000,
      platformFeeCents: 2000,
    });
  });
});
