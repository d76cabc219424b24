import "server-only";
import type { Tx } from "@/lib/db";
import type { TCalendarEvent } from "@/lib/calendar/build-calendar";

/** How far back a feed lists past lessons (README "Calendar feeds"). */
export const FEED_PAST_DAYS = 30;
const DAY_MS = 86_400_000;

const ROLE_PATHS = { student: "student", tutor: "tutor", parent: "parent", admin: "admin" } as const;

/**
 * The calendar events of a user's sessions (as tutor, student or approved parent), run as service after
 * the caller has proved who the user is: one session (`sessionId`) or every session ending after
 * `since`. Each links to that user's own page for the lesson.
 */
export async function readCalendarEvents(
  tx: Tx,
  options: { userId: string; appUrl: string; sessionId?: string; since?: Date },
): Promise<TCalendarEvent[]> {
  const { userId } = options;
  const [profile] = await tx<{ role: keyof typeof ROLE_PATHS }[]>`select role from public.profiles where id = ${userId}`;
  if (!profile) return [];
  const rows = await tx<
    {
      id: string;
      booking_id: string;
      scheduled_start_at: Date;
      scheduled_end_at: Date;
      status: string;
      calendar_sequence: number;
      updated_at: Date;
      subject_name: string | null;
      tutor_id: string;
      tutor_name: string | null;
      student_name: string | null;
      is_student: boolean;
    }[]
  >`
    select s.id, s.booking_id, s.scheduled_start_at, s.scheduled_end_at, s.status, s.calendar_sequence, s.updated_at,
           sub.name as subject_name, s.tutor_id, tp.full_name as tutor_name, sp.full_name as student_name,
           s.student_id = ${userId} as is_student
    from public.sessions s
    left join public.subjects sub on sub.id = s.subject_id
    left join public.profiles tp on tp.id = s.tutor_id
    left join public.profiles sp on sp.id = s.student_id
    where (s.tutor_id = ${userId} or s.student_id = ${userId}
           or exists (select 1 from public.parent_students ps
                      where ps.parent_id = ${userId} and ps.student_id = s.student_id and ps.approved_at is not null))
      and (${options.sessionId ?? null}::uuid is null or s.id = ${options.sessionId ?? null})
      and (${options.since ?? null}::timestamptz is null or s.scheduled_end_at >= ${options.since ?? null})
    order by s.scheduled_start_at`;
  const base = options.appUrl.replace(/\/$/, "");
  return rows.map((row) => {
    const subject = row.subject_name ?? "Lesson";
    const isTutor = row.tutor_id === userId;
    const summary = isTutor
      ? `${subject} with ${row.student_name ?? "your student"}`
      : row.is_student
        ? `${subject} with ${row.tutor_name ?? "your tutor"}`
        : `${subject}: ${row.student_name ?? "your child"} with ${row.tutor_name ?? "their tutor"}`;
    const rolePath = isTutor ? "tutor" : row.is_student ? "student" : ROLE_PATHS[profile.role];
    return {
      sessionId: row.id,
      startAt: row.scheduled_start_at,
      endAt: row.scheduled_end_at,
      summary,
      pageUrl: `${base}/${rolePath}/bookings/${row.booking_id}`,
      sequence: row.calendar_sequence,
      isCancelled: row.status === "CANCELLED" || row.status === "CANCELLED_LATE",
      updatedAt: row.updated_at,
    };
  });
}

export function feedSince(now: Date): Date {
  return new Date(now.getTime() - FEED_PAST_DAYS * DAY_MS);
}
