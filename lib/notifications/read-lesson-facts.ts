import "server-only";
import type { ISql } from "postgres";
import type { TLessonFacts } from "./notification-data";

export type TLessonAudience = {
  facts: TLessonFacts;
  studentId: string;
  tutorId: string;
  /** The student's approved parents: they hear what the student hears. */
  parentIds: string[];
  /** The session, once the booking has one. */
  sessionId: string | null;
};

/**
 * A booking's facts for a notification and the people it concerns, read in the caller's
 * transaction (so a change made earlier in it, e.g. the new start, is what they read).
 * The session's start wins over the booking's once there is a session.
 */
export async function readLessonFacts(tx: ISql, input: { bookingId: string }): Promise<TLessonAudience> {
  const [row] = await tx<
    {
      booking_id: string;
      start_at: Date;
      end_at: Date;
      subject_name: string;
      tutor_name: string;
      student_name: string;
      student_id: string;
      tutor_id: string;
      session_id: string | null;
      parent_ids: string[];
    }[]
  >`
    select b.id as booking_id,
           coalesce(s.scheduled_start_at, b.confirmed_start_at, b.requested_start_at) as start_at,
           coalesce(s.scheduled_end_at, b.confirmed_end_at, b.requested_end_at) as end_at,
           sub.name as subject_name, tp.full_name as tutor_name, sp.full_name as student_name,
           b.student_id, b.tutor_id, s.id as session_id,
           array(select ps.parent_id from public.parent_students ps
                 where ps.student_id = b.student_id and ps.approved_at is not null order by ps.parent_id)::text[] as parent_ids
    from public.bookings b
    join public.subjects sub on sub.id = b.subject_id
    join public.profiles tp on tp.id = b.tutor_id
    join public.profiles sp on sp.id = b.student_id
    left join public.sessions s on s.booking_id = b.id
    where b.id = ${input.bookingId}
  `;
  if (!row) throw new Error(`readLessonFacts: no booking ${input.bookingId}`);
  return {
    facts: {
      booking_id: row.booking_id,
      start_at: row.start_at.toISOString(),
      duration_minutes: Math.round((row.end_at.getTime() - row.start_at.getTime()) / 60_000),
      subject_name: row.subject_name,
      tutor_name: row.tutor_name,
      student_name: row.student_name,
    },
    studentId: row.student_id,
    tutorId: row.tutor_id,
    parentIds: row.parent_ids,
    sessionId: row.session_id,
  };
}
