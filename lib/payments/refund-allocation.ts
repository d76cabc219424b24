/**
 * How a refund is spread over a charged lesson's payout and platform fee (README "Disputes and
 * refunds"), pure and in integer cents. The reductions are proportional to the split and computed
 * CUMULATIVELY: the payout reversed after all refunds so far is round_half_up(payout × refunded /
 * charge), the fee reversed is the rest of what was refunded, and each refund posts the difference
 * from the previous totals. So however many partial refunds there are, rounding never drifts and
 *   payout + fee − (payout reversals + fee reversals) = charge − refunds
 * holds after every one of them. A refund of everything left voids a payout that is still held
 * (nothing to reverse, nothing to transfer) when no part of it was reversed before.
 */

export type TRefundAllocationInput = {
  chargeCents: number;
  payoutCents: number;
  platformFeeCents: number;
  /** Refunded before this refund (the sum of the session's refund rows). */
  refundedCents: number;
  /** Payout already reversed by earlier refunds (the sum of its payout_reversal rows). */
  payoutReversedCents: number;
  /** This refund. */
  amountCents: number;
  /** The payout row is still held (not released, not void). */
  isPayoutHeld: boolean;
};

export type TRefundAllocation = {
  refundCents: number;
  payoutReversalCents: number;
  feeReversalCents: number;
  /** Everything charged is now refunded. */
  isFull: boolean;
  /** The held payout row becomes void instead of getting a payout_reversal row. */
  isPayoutVoided: boolean;
};

export type TRefundRefusal = "nothing_to_refund" | "exceeds_refundable" | "not_positive";

/** The most that can still be refunded: charge − refunded, never below zero. */
export function refundableCents(input: { chargeCents: number; refundedCents: number }): number {
  return Math.max(0, input.chargeCents - input.refundedCents);
}

/** Why this refund cannot be posted, or null when it can. */
export function refundRefusal(input: Pick<TRefundAllocationInput, "chargeCents" | "refundedCents" | "amountCents">): TRefundRefusal | null {
  const refundable = refundableCents(input);
  if (refundable === 0) return "nothing_to_refund";
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) return "not_positive";
  if (input.amountCents > refundable) return "exceeds_refundable";
  return null;
}

/** The payout reversed in total once `refundedCents` of `chargeCents` is refunded (half up, exact in integers). */
export function cumulativePayoutReversal(input: { chargeCents: number; payoutCents: number; refundedCents: number }): number {
  const { chargeCents, payoutCents, refundedCents } = input;
  if (chargeCents <= 0) return 0;
  const refunded = Math.min(Math.max(refundedCents, 0), chargeCents);
  // round(payout × refunded / charge) half up: floor((2 × payout × refunded + charge) / (2 × charge)).
  const numerator = BigInt(payoutCents) * BigInt(refunded) * 2n + BigInt(chargeCents);
  return Math.min(payoutCents, Number(numerator / (BigInt(chargeCents) * 2n)));
}

/** The rows one refund writes. Throws a RangeError for a refusal (callers check refundRefusal first). */
export function allocateRefund(input: TRefundAllocationInput): TRefundAllocation {
  assertCents(input);
  const refusal = refundRefusal(input);
  if (refusal) throw new RangeError(`refund refused: ${refusal}`);
  const { chargeCents, payoutCents, platformFeeCents, refundedCents, amountCents } = input;
  if (payoutCents + platformFeeCents !== chargeCents) throw new RangeError("payout + fee must equal the charge");
  const refundedAfter = refundedCents + amountCents;
  const isFull = refundedAfter === chargeCents;
  // The payout reversed in total after this refund, less what earlier refunds' rows reversed: the
  // rows are the truth, so even a history written by another rule converges to the proportional total.
  const payoutTarget = cumulativePayoutReversal({ chargeCents, payoutCents, refundedCents: refundedAfter });
  const payoutLeft = Math.max(0, payoutCents - input.payoutReversedCents);
  const payoutReversalCents = Math.min(Math.max(payoutTarget - input.payoutReversedCents, 0), payoutLeft, amountCents);
  const feeReversalCents = amountCents - payoutReversalCents;
  const isPayoutVoided = isFull && input.isPayoutHeld && input.payoutReversedCents === 0 && payoutCents > 0;
  return { refundCents: amountCents, payoutReversalCents, feeReversalCents, isFull, isPayoutVoided };
}

function assertCents(input: TRefundAllocationInput): void {
  for (const [name, value] of Object.entries(input)) {
    if (typeof value === "number" && (!Number.isSafeInteger(value) || value < 0)) {
      throw new RangeError(`${name} must be a whole, non-negative number of cents, got ${value}`);
    }
  }
}
