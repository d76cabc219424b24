import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateRefund, cumulativePayoutReversal, refundableCents, refundRefusal } from "./refund-allocation";
import { completedSplit } from "./split";

const base = {
  chargeCents: 10_000,
  payoutCents: 9000,
  platformFeeCents: 1000,
  refundedCents: 0,
  payoutReversedCents: 0,
  isPayoutHeld: true,
};

describe("refund allocation", () => {
  it("a full refund of a held payout voids it and reverses the whole fee", () => {
    expect(allocateRefund({ ...base, amountCents: 10_000 })).toEqual({
      refundCents: 10_000,
      payoutReversalCents: 9000,
      feeReversalCents: 1000,
      isFull: true,
      isPayoutVoided: true,
    });
  });

  it("a partial refund reduces payout and fee in proportion", () => {
    expect(allocateRefund({ ...base, amountCents: 2500 })).toMatchObject({
      payoutReversalCents: 2250,
      feeReversalCents: 250,
      isFull: false,
      isPayoutVoided: false,
    });
  });

  it("a full refund after a partial one reverses the rest instead of voiding (the earlier reversal stays counted)", () => {
    const first = allocateRefund({ ...base, amountCents: 3333 });
    const second = allocateRefund({ ...base, refundedCents: 3333, payoutReversedCents: first.payoutReversalCents, amountCents: 6667 });
    expect(second.isFull).toBe(true);
    expect(second.isPayoutVoided).toBe(false);
    expect(first.payoutReversalCents + second.payoutReversalCents).toBe(9000);
    expect(first.feeReversalCents + second.feeReversalCents).toBe(1000);
  });

  it("a released payout is never voided: a full refund writes a reversal", () => {
    expect(allocateRefund({ ...base, isPayoutHeld: false, amountCents: 10_000 }).isPayoutVoided).toBe(false);
  });

  it("refuses more than charge − refunded, zero and negative amounts, and anything once fully refunded", () => {
    expect(refundRefusal({ chargeCents: 100, refundedCents: 40, amountCents: 61 })).toBe("exceeds_refundable");
    expect(refundRefusal({ chargeCents: 100, refundedCents: 40, amountCents: 60 })).toBeNull();
    expect(refundRefusal({ chargeCents: 100, refundedCents: 0, amountCents: 0 })).toBe("not_positive");
    expect(refundRefusal({ chargeCents: 100, refundedCents: 0, amountCents: -5 })).toBe("not_positive");
    expect(refundRefusal({ chargeCents: 100, refundedCents: 100, amountCents: 1 })).toBe("nothing_to_refund");
    expect(refundableCents({ chargeCents: 100, refundedCents: 130 })).toBe(0);
    expect(() => allocateRefund({ ...base, amountCents: 10_001 })).toThrow(RangeError);
    expect(() => allocateRefund({ ...base, amountCents: 1.5 })).toThrow(RangeError);
  });

  it("rounds the cumulative payout reversal half up", () => {
    expect(cumulativePayoutReversal({ chargeCents: 3, payoutCents: 1, refundedCents: 1 })).toBe(0); // 0.33
    expect(cumulativePayoutReversal({ chargeCents: 2, payoutCents: 1, refundedCents: 1 })).toBe(1); // 0.5 → 1
    expect(cumulativePayoutReversal({ chargeCents: 0, payoutCents: 0, refundedCents: 0 })).toBe(0);
  });

  it("over any sequence of refunds: no negative row, no drift, and payout + fee − reversals = charge − refunds after each", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 12 }),
        (price, payoutBps, wishes) => {
          const split = completedSplit(price, { completionPayoutBps: payoutBps, noShowChargeBps: 5000, noShowPayoutBps: 0 });
          let refunded = 0;
          let payoutReversed = 0;
          let feeReversed = 0;
          for (const wish of wishes) {
            const left = split.chargeCents - refunded;
            if (left === 0) break;
            const amount = Math.min(wish, left);
            const row = allocateRefund({
              chargeCents: split.chargeCents,
              payoutCents: split.payoutCents,
              platformFeeCents: split.platformFeeCents,
              refundedCents: refunded,
              payoutReversedCents: payoutReversed,
              amountCents: amount,
              isPayoutHeld: true,
            });
            expect(row.payoutReversalCents).toBeGreaterThanOrEqual(0);
            expect(row.feeReversalCents).toBeGreaterThanOrEqual(0);
            expect(row.payoutReversalCents + row.feeReversalCents).toBe(amount);
            refunded += amount;
            payoutReversed += row.payoutReversalCents;
            feeReversed += row.feeReversalCents;
            expect(payoutReversed).toBe(cumulativePayoutReversal({ ...split, refundedCents: refunded }));
            expect(payoutReversed).toBeLessThanOrEqual(split.payoutCents);
            expect(feeReversed).toBeLessThanOrEqual(split.platformFeeCents);
            expect(split.payoutCents + split.platformFeeCents - payoutReversed - feeReversed).toBe(split.chargeCents - refunded);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
