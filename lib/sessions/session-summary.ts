import type { TRole } from "@/lib/auth/roles";
import type { Tx } from "@/lib/db";
import { z } from "zod";
import {
  displaySessionStatus,
  STORED_SESSION_STATUSES,
  type TDisplaySessionStatus,
  type TStoredSessionStatus,
} from "@/lib/sessions/display-status";
import { toCents } from "@/lib/sessions/session-row";

/** The payout's escrow state, as far as the viewer may see its ledger row. */
export type TPayoutState = { state: "held"; releaseAt: Date } | { state: "released"; releasedAt: Date | null } | { state: "unknown" };

/** The one amount a list row shows, chosen by role and status. */
export type TSessionAmount =
  | { kind: "price"; cents: number }
  | { kind: "charged"; cents: number }
  | { kind: "payout"; cents: number; payout: TPayoutState }
  | { kind: "not_charged"; reason: "cancelled" | "under_review" | "waived" };

/**
 * The split frozen on the session. The payout percentages are null for a viewer who
 * may not see the payout (students, parents: public.session_private_amounts).
 */
export type TSessionSplitBps = { noShowChargeBps: number; completionPayoutBps: number | null; noShowPayoutBps: number | null };

export type TSessionSummary = {
  id: string;
  bookingId: string;
  subjectName: string;
  tutorName: string | null;
  studentName: string | null;
  scheduledStartAt: Date;
  scheduledEndAt: Date;
  durationMinutes: number;
  noShowWaitMinutes: number;
  storedStatus: TStoredSessionStatus;
  displayStatus: TDisplaySessionStatus;
  currency: string;
  priceCents: number;
  chargeCents: number | null;
  /** Null until charged, and always for a viewer who may not see it (tutor and admins see the payout, admins the fee). */
  payoutCents: number | null;
  platformFeeCents: number | null;
  chargedAt: Date | null;
  splitBps: TSessionSplitBps;
  amount: TSessionAmount;
  payout: TPayoutState;
  /** Still before its end and not settled: the Join button (and its countdown) belongs on it. */
  isUpcoming: boolean;
  hasStudentJoined: boolean;
};

/** A session row joined with the names, subject and payout the viewer may see (RLS and the column grants decide). */
export type TSessionListRow = {
  id: string;
  booking_id: string;
  status: string;
  scheduled_start_at: Date;
  scheduled_end_at: Date;
  duration_minutes: number;
  no_show_wait_minutes: number;
  price_cents: string | number;
  charge_cents: string | number | null;
  payout_cents: string | number | null;
  platform_fee_cents: string | number | null;
  currency: string;
  charged_at: Date | null;
  student_joined_at: Date | null;
  completion_payout_bps: number | null;
  no_show_charge_bps: number;
  no_show_payout_bps: number | null;
  subject_name: string;
  tutor_name: string | null;
  student_name: string | null;
  payout_status: string | null;
  payout_release_at: Date | null;
  payout_released_at: Date | null;
  /** An admin's resolution of an EARLY_END_SHORT lesson (null while it waits). */
  early_end_resolution?: string | null;
};

const ZStoredStatus = z.enum(STORED_SESSION_STATUSES);

/** The columns toSessionSummary reads; the payout side comes from public.session_private_amounts. */
export function sessionSummaryColumns(tx: Tx) {
  return tx`
    s.id, s.booking_id, s.status, s.scheduled_start_at, s.scheduled_end_at, s.duration_minutes, s.no_show_wait_minutes,
    s.price_cents, s.charge_cents, private.payout_cents, private.platform_fee_cents, s.currency, s.charged_at, s.student_joined_at,
    private.completion_payout_bps, s.no_show_charge_bps, private.no_show_payout_bps,
    subject.name as subject_name, nullif(tutor.full_name, '') as tutor_name, nullif(student.full_name, '') as student_name,
    payout.status as payout_status, payout.release_at as payout_release_at, payout.released_at as payout_released_at,
    s.early_end_resolution`;
}

/** Left joins: a name (or payout) hidden from the viewer must not hide the session. */
export function sessionSummaryFrom(tx: Tx) {
  return tx`
    from public.sessions s
    join public.subjects subject on subject.id = s.subject_id
    left join public.profiles tutor on tutor.id = s.tutor_id
    left join public.profiles student on student.id = s.student_id
    left join lateral public.session_private_amounts(s.id) private on true
    left join lateral (
      select l.status, l.release_at, l.released_at from public.ledger_entries l
      where l.session_id = s.id and l.kind = 'payout'
      order by l.created_at desc limit 1
    ) payout on true`;
}

export function toSessionSummary(row: TSessionListRow, role: TRole, now: Date): TSessionSummary {
  const storedStatus = ZStoredStatus.parse(row.status);
  const times = { status: storedStatus, scheduledStartAt: row.scheduled_start_at, scheduledEndAt: row.scheduled_end_at };
  const displayStatus = displaySessionStatus(times, now);
  const summary = {
    id: row.id,
    bookingId: row.booking_id,
    subjectName: row.subject_name,
    tutorName: row.tutor_name,
    studentName: row.student_name,
    scheduledStartAt: row.scheduled_start_at,
    scheduledEndAt: row.scheduled_end_at,
    durationMinutes: row.duration_minutes,
    noShowWaitMinutes: row.no_show_wait_minutes,
    storedStatus,
    displayStatus,
    currency: row.currency,
    priceCents: toCents(row.price_cents),
    chargeCents: nullableCents(row.charge_cents),
    payoutCents: nullableCents(row.payout_cents),
    platformFeeCents: nullableCents(row.platform_fee_cents),
    chargedAt: row.charged_at,
    splitBps: {
      completionPayoutBps: row.completion_payout_bps,
      noShowChargeBps: row.no_show_charge_bps,
      noShowPayoutBps: row.no_show_payout_bps,
    },
    payout: payoutState(row),
    isUpcoming: displayStatus === "SCHEDULED" || displayStatus === "JOIN_OPEN",
    hasStudentJoined: row.student_joined_at !== null,
  };
  return { ...summary, amount: chooseAmount({ ...summary, earlyEndResolution: row.early_end_resolution ?? null }, role) };
}

function payoutState(row: Pick<TSessionListRow, "payout_status" | "payout_release_at" | "payout_released_at">): TPayoutState {
  if (row.payout_status === "held" && row.payout_release_at) return { state: "held", releaseAt: row.payout_release_at };
  if (row.payout_status === "released") return { state: "released", releasedAt: row.payout_released_at };
  return { state: "unknown" };
}

/** Before the charge everyone sees the price; after it the tutor sees their payout and everyone else the charge. */
export function chooseAmount(
  session: Pick<TSessionSummary, "storedStatus" | "priceCents" | "chargeCents" | "payoutCents" | "payout"> & {
    earlyEndResolution?: string | null;
  },
  role: TRole,
): TSessionAmount {
  if (session.storedStatus === "CANCELLED") return { kind: "not_charged", reason: "cancelled" };
  // A short lesson is charged only once an admin decides so (lib/admin/decide-early-end.ts).
  if (session.storedStatus === "EARLY_END_SHORT" && !session.earlyEndResolution) return { kind: "not_charged", reason: "under_review" };
  if (session.storedStatus === "EARLY_END_SHORT" && session.earlyEndResolution === "no_charge")
    return { kind: "not_charged", reason: "waived" };
  if (session.chargeCents === null) return { kind: "price", cents: session.priceCents };
  if (role === "tutor" && session.payoutCents !== null) return { kind: "payout", cents: session.payoutCents, payout: session.payout };
  return { kind: "charged", cents: session.chargeCents };
}

function nullableCents(value: string | number | null): number | null {
  return value === null ? null : toCents(value);
}
