import { randomUUID } from "node:crypto";
import type { Sql } from "postgres";
import { createTutor, type TTestUser } from "./factories.ts";

/**
 * A bookable tutor for booking tests: a video connection (unless `withVideo: false`), one subject of their
 * own at `priceCents` an hour, weekly rules every day from `hours[0]` to `hours[1]` in `timeZone`, and the
 * booking settings given (the table's defaults otherwise). Written as the owner, committed.
 */
export type TBookableTutorOptions = {
  withVideo?: boolean;
  timeZone?: string;
  hours?: readonly [string, string];
  priceCents?: number;
  lessonLengths?: number[];
  stepMinutes?: 15 | 30 | 60;
  minimumNoticeMinutes?: number;
  horizonDays?: number;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  isInstantBooking?: boolean;
};

export type TBookableTutor = { tutor: TTestUser; subjectId: string; otherSubjectId: string };

export async function createBookableTutor(sql: Sql, options: TBookableTutorOptions = {}): Promise<TBookableTutor> {
  const tutor = await createTutor(sql, { withVideo: options.withVideo ?? true });
  const timeZone = options.timeZone ?? "UTC";
  const [start, end] = options.hours ?? ["00:00", "24:00"];
  await sql`update public.profiles set timezone = ${timeZone} where id = ${tutor.id}`;
  const [subject, other] = await sql<{ id: string }[]>`
    insert into public.subjects (slug, name)
    values (${`booking-${randomUUID().slice(0, 12)}`}, 'Algebra'), (${`booking-${randomUUID().slice(0, 12)}`}, 'Chemistry')
    returning id`;
  if (!subject || !other) throw new Error("no subject rows");
  await sql`insert into public.tutor_subjects (tutor_id, subject_id, price_cents, currency)
            values (${tutor.id}, ${subject.id}, ${options.priceCents ?? 12_000}, 'TTD')`;
  await sql`
    insert into public.tutor_availability (tutor_id, weekday, start_time, end_time, timezone)
    select ${tutor.id}, d, ${start}::time, ${end}::time, ${timeZone} from generate_series(0, 6) d`;
  await sql`
    update public.tutor_booking_settings set
      lesson_lengths = ${options.lessonLengths ?? [30, 60, 90]}::smallint[],
      step_minutes = ${options.stepMinutes ?? 30},
      minimum_notice_minutes = ${options.minimumNoticeMinutes ?? 120},
      horizon_days = ${options.horizonDays ?? 14},
      buffer_before_minutes = ${options.bufferBeforeMinutes ?? 0},
      buffer_after_minutes = ${options.bufferAfterMinutes ?? 0},
      is_instant_booking = ${options.isInstantBooking ?? false}
    where tutor_id = ${tutor.id}`;
  return { tutor, subjectId: subject.id, otherSubjectId: other.id };
}

/** Rows a booking attempt could have written for these people: bookings (any status) and their events. */
export async function bookingFootprint(sql: Sql, userIds: readonly string[]): Promise<{ bookings: number; events: number }> {
  const [row] = await sql<{ bookings: number; events: number }[]>`
    select (select count(*)::int from public.bookings where tutor_id = any(${userIds}::uuid[]) or student_id = any(${userIds}::uuid[])) as bookings,
           (select count(*)::int from public.booking_events e join public.bookings b on b.id = e.booking_id
             where b.tutor_id = any(${userIds}::uuid[]) or b.student_id = any(${userIds}::uuid[])) as events`;
  return row ?? { bookings: 0, events: 0 };
}
