import type { TRole } from "@/lib/auth/roles";
import type { TSessionAmount, TSessionList, TSessionSummary, TPayoutState } from "@/lib/sessions";

/**
 * The JSON shapes of the session read routes (snake_case, ISO times). Money is filtered by
 * role here, whatever the database returned: students and parents see what they pay
 * (price and charge), the tutor also their payout, only admins the platform fee and split.
 */
export type TAmountCents = {
  price_cents: number;
  charge_cents: number | null;
  payout_cents?: number | null;
  platform_fee_cents?: number | null;
};

export function visibleAmounts(
  role: TRole,
  amounts: { priceCents: number; chargeCents: number | null; payoutCents: number | null; platformFeeCents: number | null },
): TAmountCents {
  const paid = { price_cents: amounts.priceCents, charge_cents: amounts.chargeCents };
  if (role === "admin") return { ...paid, payout_cents: amounts.payoutCents, platform_fee_cents: amounts.platformFeeCents };
  if (role === "tutor") return { ...paid, payout_cents: amounts.payoutCents };
  return paid;
}

/**
 * A session row as a tutor's write routes answer (mark no-show, confirm): everything the tutor may read,
 * without the platform's fee (only admins see it; README "Money privacy").
 */
export function tutorSessionRowJson<T extends { platform_fee_cents: number | null }>(row: T): Omit<T, "platform_fee_cents"> {
  const { platform_fee_cents: _fee, ...visible } = row;
  return visible;
}

export function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

function payoutJson(payout: TPayoutState) {
  if (payout.state === "held") return { state: payout.state, release_at: iso(payout.releaseAt) };
  if (payout.state === "released") return { state: payout.state, released_at: iso(payout.releasedAt) };
  return { state: payout.state };
}

/** The one amount a list row shows; a payout only ever reaches the tutor or an admin. */
function amountJson(amount: TSessionAmount, role: TRole) {
  switch (amount.kind) {
    case "payout":
      return role === "tutor" || role === "admin" ? { kind: amount.kind, cents: amount.cents, payout: payoutJson(amount.payout) } : null;
    case "not_charged":
      return { kind: amount.kind, reason: amount.reason };
    default:
      return { kind: amount.kind, cents: amount.cents };
  }
}

export function sessionSummaryJson(session: TSessionSummary, role: TRole) {
  const canSeePayout = role === "tutor" || role === "admin";
  return {
    id: session.id,
    booking_id: session.bookingId,
    subject_name: session.subjectName,
    tutor_name: session.tutorName,
    student_name: session.studentName,
    scheduled_start_at: iso(session.scheduledStartAt),
    scheduled_end_at: iso(session.scheduledEndAt),
    duration_minutes: session.durationMinutes,
    no_show_wait_minutes: session.noShowWaitMinutes,
    status: session.storedStatus,
    display_status: session.displayStatus,
    is_upcoming: session.isUpcoming,
    has_student_joined: session.hasStudentJoined,
    currency: session.currency,
    ...visibleAmounts(role, session),
    charged_at: iso(session.chargedAt),
    amount: amountJson(session.amount, role),
    ...(canSeePayout ? { payout: payoutJson(session.payout) } : {}),
  };
}

export function sessionListJson(list: TSessionList, role: TRole, scope: "all" | "upcoming" | "past") {
  return {
    time_zone: list.timeZone,
    upcoming: scope === "past" ? [] : list.upcoming.map((s) => sessionSummaryJson(s, role)),
    past: scope === "upcoming" ? [] : list.past.map((s) => sessionSummaryJson(s, role)),
  };
}
