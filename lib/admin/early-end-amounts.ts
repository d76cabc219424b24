import { completedSplit, type TSplit } from "@/lib/payments/split";

/**
 * What each resolution of an EARLY_END_SHORT lesson would charge (README "Disputes and refunds"),
 * pure: the admin's queue shows all three before deciding, and decide-early-end.ts charges the
 * chosen one. The lesson's frozen completion split is applied to what is charged.
 *
 * Pro rata: price × held minutes / duration, half up, where held minutes are the meeting's runs
 * clipped to the scheduled window (their union, as the charge job measures it), whole minutes,
 * clamped to 0 … duration — so it is never below zero and never above the price.
 */

export const EARLY_END_OUTCOMES = ["charge_full", "charge_pro_rata", "no_charge"] as const;
export type TEarlyEndOutcome = (typeof EARLY_END_OUTCOMES)[number];
export const EARLY_END_OUTCOME_LABELS: Record<TEarlyEndOutcome, string> = {
  charge_full: "Charge in full",
  charge_pro_rata: "Charge for the minutes held",
  no_charge: "No charge",
};

export type TEarlyEndLesson = { priceCents: number; durationMinutes: number; heldMinutes: number; completionPayoutBps: number };

export function proRataChargeCents(lesson: Pick<TEarlyEndLesson, "priceCents" | "durationMinutes" | "heldMinutes">): number {
  const { priceCents, durationMinutes } = lesson;
  if (durationMinutes <= 0) return 0;
  const held = Math.min(Math.max(Math.floor(lesson.heldMinutes), 0), durationMinutes);
  const cents = Number((BigInt(priceCents) * BigInt(held) * 2n + BigInt(durationMinutes)) / (BigInt(durationMinutes) * 2n));
  return Math.min(Math.max(cents, 0), priceCents);
}

/** The split each outcome would post (no_charge: all zeros, no ledger rows). */
export function earlyEndSplit(lesson: TEarlyEndLesson, outcome: TEarlyEndOutcome): TSplit {
  const bps = { completionPayoutBps: lesson.completionPayoutBps, noShowChargeBps: 0, noShowPayoutBps: 0 };
  switch (outcome) {
    case "charge_full":
      return completedSplit(lesson.priceCents, bps);
    case "charge_pro_rata":
      return completedSplit(proRataChargeCents(lesson), bps);
    case "no_charge":
      return { chargeCents: 0, payoutCents: 0, platformFeeCents: 0 };
  }
}

export function earlyEndSplits(lesson: TEarlyEndLesson): Record<TEarlyEndOutcome, TSplit> {
  return {
    charge_full: earlyEndSplit(lesson, "charge_full"),
    charge_pro_rata: earlyEndSplit(lesson, "charge_pro_rata"),
    no_charge: earlyEndSplit(lesson, "no_charge"),
  };
}
