import type {
  TCancellationActor,
  TCancellationOutcome,
  TCancellationPolicy,
  TCancellationRefusal,
} from "@/lib/bookings/cancellation-policy";

/**
 * What the cancel route and dialog show (README "Cancellation policy"). Client-safe.
 * Money privacy: the payout is shown to the tutor and admins only, the platform fee to admins only
 * (students and parents see what they pay, as on the session page).
 */
export type TCancellationView =
  | {
      allowed: true;
      policy: TCancellationPolicy;
      actor: TCancellationActor;
      currency: string;
      price_cents: number;
      charge_cents: number;
      /** The charge as basis points of the price (the payer's own policy, public to them). */
      charge_bps: number;
      payout_cents: number | null;
      platform_fee_cents: number | null;
      free_cancel_hours: number;
      free_until: string;
      starts_at: string;
      message: string;
    }
  | { allowed: false; reason: TCancellationRefusal; message: string };

export const CANCELLATION_REFUSAL_MESSAGES: Record<TCancellationRefusal, string> = {
  already_cancelled: "This lesson is already cancelled.",
  already_charged: "This lesson has already been charged; it can no longer be cancelled.",
  not_scheduled: "This lesson is no longer scheduled, so it can't be cancelled.",
  started: "This lesson has already started. After the start it can't be cancelled: a no-show or a dispute covers it.",
};

export function toCancellationView(input: {
  outcome: TCancellationOutcome;
  actor: TCancellationActor;
  session: { startAt: Date; priceCents: number; currency: string; freeCancelHours: number; lateCancelChargeBps: number; freeUntil: Date };
}): TCancellationView {
  const { outcome, actor, session } = input;
  if (!outcome.allowed) return { allowed: false, reason: outcome.reason, message: CANCELLATION_REFUSAL_MESSAGES[outcome.reason] };
  const isPayoutVisible = actor === "tutor" || actor === "admin";
  return {
    allowed: true,
    policy: outcome.policy,
    actor,
    currency: session.currency,
    price_cents: session.priceCents,
    charge_cents: outcome.chargeCents,
    charge_bps: outcome.policy === "late" ? session.lateCancelChargeBps : 0,
    payout_cents: isPayoutVisible ? outcome.payoutCents : null,
    platform_fee_cents: actor === "admin" ? outcome.feeCents : null,
    free_cancel_hours: session.freeCancelHours,
    free_until: session.freeUntil.toISOString(),
    starts_at: session.startAt.toISOString(),
    message: policyMessage(outcome.policy, session.freeCancelHours),
  };
}

function policyMessage(policy: TCancellationPolicy, freeCancelHours: number): string {
  switch (policy) {
    case "free":
      return `Free cancellation: more than ${freeCancelHours} hours before the start, nothing is charged.`;
    case "late":
      return `Late cancellation: less than ${freeCancelHours} hours before the start, the late-cancellation charge applies.`;
    case "tutor":
      return "The tutor cancels: the student is not charged. Tutor cancellations count towards the tutor's public cancellation rate.";
    case "admin":
      return "An admin cancels for the platform: nobody is charged.";
  }
}
