/**
 * Money splits in integer minor units (lib/README.md, Money). Percentages are basis
 * points frozen on the session; amounts round half up; the platform fee is the
 * remainder, so charge = payout + platform fee holds exactly for every price.
 */

export const BPS_DENOMINATOR = 10_000;

export type TSplit = { chargeCents: number; payoutCents: number; platformFeeCents: number };

export type TSplitBps = {
  completionPayoutBps: number;
  noShowChargeBps: number;
  noShowPayoutBps: number;
};

/** The platform defaults (platform_settings): 90/10 on completion, 50 → 45/5 on a student no-show. */
export const DEFAULT_SPLIT_BPS: TSplitBps = { completionPayoutBps: 9000, noShowChargeBps: 5000, noShowPayoutBps: 4500 };

/** round(amount × bps / 10 000), half up, exact in integers. */
export function applyBps(amountCents: number, bps: number): number {
  assertWhole("amount", amountCents);
  assertBps(bps);
  return Math.floor((amountCents * bps * 2 + BPS_DENOMINATOR) / (2 * BPS_DENOMINATOR));
}

function split(priceCents: number, chargeBps: number, payoutBps: number): TSplit {
  if (payoutBps > chargeBps) throw new RangeError("payout cannot exceed the charge");
  const chargeCents = applyBps(priceCents, chargeBps);
  const payoutCents = Math.min(applyBps(priceCents, payoutBps), chargeCents);
  return { chargeCents, payoutCents, platformFeeCents: chargeCents - payoutCents };
}

export function completedSplit(priceCents: number, bps: TSplitBps = DEFAULT_SPLIT_BPS): TSplit {
  return split(priceCents, BPS_DENOMINATOR, bps.completionPayoutBps);
}

export function noShowSplit(priceCents: number, bps: TSplitBps = DEFAULT_SPLIT_BPS): TSplit {
  return split(priceCents, bps.noShowChargeBps, bps.noShowPayoutBps);
}

function assertWhole(name: string, value: number): void {
  // 2^53 / 20 000 keeps amount × bps × 2 exact in a double.
  if (!Number.isSafeInteger(value) || value < 0 || value > 450_000_000_000) {
    throw new RangeError(`${name} must be a whole number of cents, got ${value}`);
  }
}

function assertBps(bps: number): void {
  if (!Number.isInteger(bps) || bps < 0 || bps > BPS_DENOMINATOR) throw new RangeError(`basis points must be 0–10000, got ${bps}`);
}
