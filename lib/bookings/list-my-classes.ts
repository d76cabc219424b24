import "server-only";
import type { Sql } from "postgres";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser, type Tx } from "@/lib/db";
import { viewerTimeZone } from "@/lib/sessions";
import { toCents } from "@/lib/sessions/shared";

/** Where a request without a lesson stands, as "My Classes" says it. */
export type TRequestState = "waiting" | "declined" | "expired" | "withdrawn";

export type TMyRequest = {
  id: string;
  state: TRequestState;
  tutorId: string;
  tutorName: string;
  studentName: string | null;
  subjectName: string;
  startAt: Date;
  endAt: Date;
  durationMinutes: number;
  priceCents: number;
  currency: string;
  requestedAt: Date;
  /** While waiting: when the tutor's time to answer runs out. */
  expiresAt: Date | null;
  decidedAt: Date | null;
  /** The tutor's words when declining, if any. */
  declineReason: string | null;
};

/** A tutor the viewer (or their child) had a lesson with: the "Book again" shortcut. */
export type TRebookTutor = { tutorId: string; tutorName: string; subjectName: string; lastLessonAt: Date };

export type TMyClasses = { timeZone: string; requests: TMyRequest[]; rebook: TRebookTutor[] };

/** Decided requests stay on the page this long after their slot (then only the booking page has them). */
const DECIDED_VISIBLE_DAYS = 30;
const REQUESTS_LIMIT = 100;
const REBOOK_LIMIT = 12;

/**
 * "My Classes" beyond the sessions list: a student's (a parent: their approved children's) booking
 * requests that have no lesson — waiting for the tutor with the deadline, declined with the tutor's
 * reason, expired, withdrawn — and the tutors they can book again. Read under RLS. A pending request
 * past its deadline (or its start) reads as expired even before the cron job marks it.
 */
export async function listMyClasses(options: { db: Sql; viewer: TAppViewer; now: Date }): Promise<TMyClasses> {
  const { db, viewer, now } = options;
  return asUser(db, viewer, async (tx) => {
    const timeZone = await viewerTimeZone(tx, viewer.id);
    const since = new Date(now.getTime() - DECIDED_VISIBLE_DAYS * 86_400_000);
    const rows = await tx<
      {
        id: string;
        status: string;
        tutor_id: string;
        tutor_name: string | null;
        student_name: string | null;
        subject_name: string;
        requested_start_at: Date;
        requested_end_at: Date;
        price_cents: string;
        currency: string;
        created_at: Date;
        expires_at: Date | null;
        decided_at: Date | null;
        decline_reason: string | null;
      }[]
    >`
      select b.id, b.status, b.tutor_id, coalesce(nullif(tp.display_name, ''), nullif(tutor.full_name, '')) as tutor_name,
        nullif(student.full_name, '') as student_name, subject.name as subject_name, b.requested_start_at, b.requested_end_at,
        b.price_cents, b.currency, b.created_at, b.expires_at, b.decided_at, b.decline_reason
      from public.bookings b
      join public.subjects subject on subject.id = b.subject_id
      left join public.tutor_profiles tp on tp.tutor_id = b.tutor_id
      left join public.profiles tutor on tutor.id = b.tutor_id
      left join public.profiles student on student.id = b.student_id
      where ${studentFilter(tx, viewer)}
        and b.status in ('pending', 'declined', 'expired', 'withdrawn')
        and not exists (select 1 from public.sessions s where s.booking_id = b.id)
        and (b.status = 'pending' or b.requested_start_at >= ${since})
      order by (b.status = 'pending' and b.expires_at > ${now} and b.requested_start_at > ${now}) desc, b.requested_start_at desc
      limit ${REQUESTS_LIMIT}`;
    const rebook = await tx<{ tutor_id: string; tutor_name: string | null; subject_name: string; last_lesson_at: Date }[]>`
      select distinct on (s.tutor_id) s.tutor_id, coalesce(nullif(tp.display_name, ''), nullif(tutor.full_name, '')) as tutor_name,
        subject.name as subject_name, s.scheduled_start_at as last_lesson_at
      from public.sessions s
      join public.bookings b on b.id = s.booking_id
      join public.subjects subject on subject.id = s.subject_id
      left join public.tutor_profiles tp on tp.tutor_id = s.tutor_id
      left join public.profiles tutor on tutor.id = s.tutor_id
      where ${studentFilter(tx, viewer)} and s.scheduled_start_at < ${now}
      order by s.tutor_id, s.scheduled_start_at desc`;
    return {
      timeZone,
      requests: rows.map((row) => ({
        id: row.id,
        state: requestState(row.status, row.expires_at, row.requested_start_at, now),
        tutorId: row.tutor_id,
        tutorName: row.tutor_name ?? "Your tutor",
        studentName: row.student_name,
        subjectName: row.subject_name,
        startAt: row.requested_start_at,
        endAt: row.requested_end_at,
        durationMinutes: Math.round((row.requested_end_at.getTime() - row.requested_start_at.getTime()) / 60_000),
        priceCents: toCents(row.price_cents),
        currency: row.currency,
        requestedAt: row.created_at,
        expiresAt: row.status === "pending" ? row.expires_at : null,
        decidedAt: row.decided_at,
        declineReason: row.status === "declined" ? row.decline_reason : null,
      })),
      rebook: rebook
        .map((row) => ({
          tutorId: row.tutor_id,
          tutorName: row.tutor_name ?? "Your tutor",
          subjectName: row.subject_name,
          lastLessonAt: row.last_lesson_at,
        }))
        .sort((a, b) => b.lastLessonAt.getTime() - a.lastLessonAt.getTime())
        .slice(0, REBOOK_LIMIT),
    };
  });
}

export function requestState(status: string, expiresAt: Date | null, startAt: Date, now: Date): TRequestState {
  if (status === "declined" || status === "withdrawn" || status === "expired") return status;
  const isStale = (expiresAt !== null && expiresAt <= now) || startAt <= now;
  return isStale ? "expired" : "waiting";
}

/** RLS already limits the rows; this says whose classes the page is about. */
function studentFilter(tx: Tx, viewer: TAppViewer) {
  if (viewer.role === "parent") {
    return tx`b.student_id in (
      select ps.student_id from public.parent_students ps where ps.parent_id = ${viewer.id} and ps.approved_at is not null)`;
  }
  return tx`b.student_id = ${viewer.id}`;
}
