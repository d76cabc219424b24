import { applyBps } from "@/lib/payments/split";

/**
 * The cancellation policy's pure core (README "Cancellation policy"). Client-safe: no I/O, `now` passed in.
 * The hours and basis points come from the session (frozen at confirmation), never from today's settings.
 */
const HOUR_MS = 3_600_000;

/** The last instant a student or parent may cancel for free: exactly `freeCancelHours` before the start. */
export function freeCancellationEndsAt(startAt: Date, freeCancelHours: number): Date {
  return new Date(startAt.getTime() - freeCancelHours * HOUR_MS);
}

/** True while cancelling costs the student side nothing (at the boundary itself, still free). */
export function isFreeCancellationOpen(options: { startAt: Date; freeCancelHours: number; now: Date }): boolean {
  return options.now.getTime() <= freeCancellationEndsAt(options.startAt, options.freeCancelHours).getTime();
}

export type TCancellationActor = "student" | "parent" | "tutor" | "admin";

/** free: the student side inside the free window; late: charged; tutor: free for the student, counted; admin: free, audited. */
export type TCancellationPolicy = "free" | "late" | "tutor" | "admin";

export type TCancellationRefusal = "already_cancelled" | "already_charged" | "not_scheduled" | "started";

export type TCancellationSession = {
  status: string;
  startAt: Date;
  priceCents: number;
  freeCancelHours: number;
  lateCancelChargeBps: number;
  lateCancelPayoutBps: number;
};

export type TCancellationOutcome =
  | { allowed: true; chargeCents: number; payoutCents: number; feeCents: number; policy: TCancellationPolicy }
  | { allowed: false; reason: TCancellationRefusal };

const CHARGED_STATUSES = new Set(["COMPLETED_ASSUMED", "NO_SHOW_STUDENT", "NO_SHOW_TUTOR", "CANCELLED_LATE"]);
const CANCELLED_STATUSES = new Set(["CANCELLED", "CANCELLED_LATE"]);

/**
 * What cancelling `session` as `actor` at `now` would do. Only a SCHEDULED session before its start
 * can be cancelled (after the start, no-show and disputes cover it). The late charge is split like a
 * no-show: payout = late_cancel_payout_bps of the price, fee = the remainder (lib/payments/split.ts).
 * Admins cancel for free: they act for the platform (a tutor's emergency, a dispute), not as a payer.
 */
export function evaluateCancellation(input: { actor: TCancellationActor; session: TCancellationSession; now: Date }): TCancellationOutcome {
  const { actor, session, now } = input;
  const refusal = cancellationRefusal({ status: session.status, startAt: session.startAt, now });
  if (refusal) return { allowed: false, reason: refusal };
  if (actor === "tutor" || actor === "admin") return free(actor);
  if (isFreeCancellationOpen({ startAt: session.startAt, freeCancelHours: session.freeCancelHours, now })) return free("free");
  return { allowed: true, policy: "late", ...lateCancellationSplit(session) };
}

/** Why no one can cancel this session now, or null when its people may (the part of the policy that needs no amounts). */
export function cancellationRefusal(session: { status: string; startAt: Date; now: Date }): TCancellationRefusal | null {
  if (CANCELLED_STATUSES.has(session.status)) return "already_cancelled";
  if (CHARGED_STATUSES.has(session.status)) return "already_charged";
  if (session.status !== "SCHEDULED") return "not_scheduled";
  if (session.now.getTime() >= session.startAt.getTime()) return "started";
  return null;
}

/** The late charge in integer cents, half up; the platform fee is the remainder so charge = payout + fee. */
export function lateCancellationSplit(session: Pick<TCancellationSession, "priceCents" | "lateCancelChargeBps" | "lateCancelPayoutBps">): {
  chargeCents: number;
  payoutCents: number;
  feeCents: number;
} {
  if (session.lateCancelPayoutBps > session.lateCancelChargeBps) throw new RangeError("payout cannot exceed the charge");
  const chargeCents = applyBps(session.priceCents, session.lateCancelChargeBps);
  const payoutCents = Math.min(applyBps(session.priceCents, session.lateCancelPayoutBps), chargeCents);
  return { chargeCents, payoutCents, feeCents: chargeCents - payoutCents };
}

function free(policy: TCancellationPolicy): TCancellationOutcome {
  return { allowed: true, chargeCents: 0, payoutCents: 0, feeCents: 0, policy };
}
