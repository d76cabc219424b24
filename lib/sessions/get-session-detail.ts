import "server-only";
import type { Sql } from "postgres";
import { z } from "zod";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser, type Tx } from "@/lib/db";
import { BOOKING_STATUSES, type TBookingStatus } from "@/lib/bookings/booking-row";
import { noShowSplit, type TSplit } from "@/lib/payments/split";
import { joinWindowOpensAt, noShowAvailableAt } from "@/lib/sessions/rules";
import { toCents } from "@/lib/sessions/session-row";
import {
  sessionSummaryColumns,
  sessionSummaryFrom,
  toSessionSummary,
  viewerTimeZone,
  type TSessionListRow,
  type TSessionSummary,
} from "./list-sessions-for-viewer";


export type TBookingSummary = {
  id: string;
  status: TBookingStatus;
  subjectName: string;
  tutorName: string | null;
  studentName: string | null;
  startAt: Date;
  endAt: Date;
  durationMinutes: number;
  priceCents: number;
  currency: string;
  note: string | null;
  createdAt: Date;
  decidedAt: Date | null;
};

/** The instants the session rules produce (README "Session rules"). */
export type TSessionRuleTimes = {
  joinOpensAt: Date;
  noShowAvailableAt: Date;
  chargeAt: Date;
  noShowWaitMinutes: number;
  minPayableMinutes: number;
};

export type TSessionDetail = TSessionSummary & {
  rules: TSessionRuleTimes;
  /** Exactly what a no-show would move, from the split frozen on this session. */
  noShowPreview: TSplit;
  studentJoinedAt: Date | null;
  tutorJoinedAt: Date | null;
  markedNoShowAt: Date | null;
  meetingStartedAt: Date | null;
  meetingEndedAt: Date | null;
};

export type TAuditEvent = { id: string; type: string; actorRole: string; actorName: string | null; payload: Record<string, unknown>; at: Date };

export type TLedgerLine = {
  id: string;
  kind: string;
  amountCents: number;
  currency: string;
  status: string;
  releaseAt: Date | null;
  releasedAt: Date | null;
  createdAt: Date;
};

export type TBookingDetail = {
  timeZone: string;
  /** Escrow hours in force now: how long a payout made now would be held. */
  payoutHoldHours: number;
  booking: TBookingSummary;
  session: TSessionDetail | null;
  events: TAuditEvent[];
  ledger: TLedgerLine[];
};

// platform_settings' default; used only if the settings row cannot be read.
const DEFAULT_PAYOUT_HOLD_HOURS = 24;

// Any 8-4-4-4-12 hex id Postgres accepts; anything else is simply "not found".
const ZBookingId = z.guid();

/**
 * A booking with its session, audit trail and the ledger lines the viewer may
 * see, or null when the id is malformed, unknown, or not the viewer's (RLS
 * decides: the page cannot tell those apart, and must not).
 */
export async function getSessionDetail(options: { db: Sql; viewer: TAppViewer; bookingId: string; now: Date }): Promise<TBookingDetail | null> {
  const { db, viewer, now } = options;
  const bookingId = ZBookingId.safeParse(options.bookingId);
  if (!bookingId.success) return null;
  return asUser(db, viewer, async (tx) => {
    const booking = await readBooking(tx, bookingId.data);
    if (!booking) return null;
    const timeZone = await viewerTimeZone(tx, viewer.id);
    const payoutHoldHours = await readPayoutHoldHours(tx);
    const [sessionRow] = await tx<(TSessionListRow & TSessionDetailColumns)[]>`
      select ${sessionSummaryColumns(tx)}, s.min_payable_minutes, s.charge_scheduled_at, s.tutor_joined_at,
        s.marked_no_show_at, s.meeting_started_at, s.meeting_ended_at
      ${sessionSummaryFrom(tx)}
      where s.booking_id = ${booking.id}
    `;
    if (!sessionRow) return { timeZone, payoutHoldHours, booking, session: null, events: [], ledger: [] };
    const session = toSessionDetail(sessionRow, toSessionSummary(sessionRow, viewer.role, now));
    const [events, ledger] = [await readEvents(tx, session.id), await readLedger(tx, session.id)];
    return { timeZone, payoutHoldHours, booking, session, events, ledger };
  });
}

type TSessionDetailColumns = {
  min_payable_minutes: number;
  charge_scheduled_at: Date;
  tutor_joined_at: Date | null;
  marked_no_show_at: Date | null;
  meeting_started_at: Date | null;
  meeting_ended_at: Date | null;
  student_joined_at: Date | null;
};

export function toSessionDetail(row: TSessionDetailColumns, summary: TSessionSummary): TSessionDetail {
  return {
    ...summary,
    rules: {
      joinOpensAt: joinWindowOpensAt(summary),
      noShowAvailableAt: noShowAvailableAt(summary),
      chargeAt: row.charge_scheduled_at,
      noShowWaitMinutes: summary.noShowWaitMinutes,
      minPayableMinutes: row.min_payable_minutes,
    },
    noShowPreview: noShowSplit(summary.priceCents, summary.splitBps),
    studentJoinedAt: row.student_joined_at,
    tutorJoinedAt: row.tutor_joined_at,
    markedNoShowAt: row.marked_no_show_at,
    meetingStartedAt: row.meeting_started_at,
    meetingEndedAt: row.meeting_ended_at,
  };
}

export type TBookingSummaryRow = {
  id: string;
  status: string;
  subject_name: string;
  tutor_name: string | null;
  student_name: string | null;
  requested_start_at: Date;
  requested_end_at: Date;
  confirmed_start_at: Date | null;
  confirmed_end_at: Date | null;
  price_cents: string | number;
  currency: string;
  note: string | null;
  created_at: Date;
  decided_at: Date | null;
};

async function readBooking(tx: Tx, bookingId: string): Promise<TBookingSummary | null> {
  const [row] = await tx<TBookingSummaryRow[]>`${bookingSummarySelect(tx)} where b.id = ${bookingId}`;
  return row ? toBookingSummary(row) : null;
}

/** `select … from public.bookings b …`: the columns toBookingSummary reads, names hidden by RLS as null. */
export function bookingSummarySelect(tx: Tx) {
  return tx`
    select b.id, b.status, subject.name as subject_name, nullif(tutor.full_name, '') as tutor_name,
      nullif(student.full_name, '') as student_name, b.requested_start_at, b.requested_end_at,
      b.confirmed_start_at, b.confirmed_end_at, b.price_cents, b.currency, b.note, b.created_at, b.decided_at
    from public.bookings b
    join public.subjects subject on subject.id = b.subject_id
    left join public.profiles tutor on tutor.id = b.tutor_id
    left join public.profiles student on student.id = b.student_id`;
}

const ZBookingStatus = z.enum(BOOKING_STATUSES);

export function toBookingSummary(row: TBookingSummaryRow): TBookingSummary {
  const startAt = row.confirmed_start_at ?? row.requested_start_at;
  const endAt = row.confirmed_end_at ?? row.requested_end_at;
  return {
    id: row.id,
    status: ZBookingStatus.parse(row.status),
    subjectName: row.subject_name,
    tutorName: row.tutor_name,
    studentName: row.student_name,
    startAt,
    endAt,
    durationMinutes: Math.round((endAt.getTime() - startAt.getTime()) / 60_000),
    priceCents: toCents(row.price_cents),
    currency: row.currency,
    note: row.note,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
  };
}

async function readEvents(tx: Tx, sessionId: string): Promise<TAuditEvent[]> {
  const rows = await tx<{ id: string; type: string; actor_role: string; actor_name: string | null; payload: unknown; at: Date }[]>`
    select e.id::text as id, e.type, e.actor_role, nullif(actor.full_name, '') as actor_name, e.payload, e.at
    from public.session_events e
    left join public.profiles actor on actor.id = e.actor_id
    where e.session_id = ${sessionId}
    order by e.at, e.id
  `;
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    actorRole: row.actor_role,
    actorName: row.actor_name,
    payload: isRecord(row.payload) ? row.payload : {},
    at: row.at,
  }));
}

async function readLedger(tx: Tx, sessionId: string): Promise<TLedgerLine[]> {
  const rows = await tx<{
    id: string;
    kind: string;
    amount_cents: string | number;
    currency: string;
    status: string;
    release_at: Date | null;
    released_at: Date | null;
    created_at: Date;
  }[]>`
    select id, kind, amount_cents, currency, status, release_at, released_at, created_at
    from public.ledger_entries
    where session_id = ${sessionId}
    order by created_at, kind
  `;
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    amountCents: toCents(row.amount_cents),
    currency: row.currency,
    status: row.status,
    releaseAt: row.release_at,
    releasedAt: row.released_at,
    createdAt: row.created_at,
  }));
}

async function readPayoutHoldHours(tx: Tx): Promise<number> {
  const [settings] = await tx<{ payout_hold_hours: number }[]>`select payout_hold_hours from public.platform_settings where id`;
  return settings?.payout_hold_hours ?? DEFAULT_PAYOUT_HOLD_HOURS;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
