import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { listOpenSlots } from "@/lib/availability/server";
import { asService } from "@/lib/db";
import { browseLessonLength } from "@/lib/tutors/refresh-next-slot";

export type TTutorSlots = {
  time_zone: string;
  is_bookable: boolean;
  duration_minutes: number;
  lesson_lengths: number[];
  slots: { start_at: string; end_at: string }[];
};

/**
 * A tutor's open slots for the public (`GET /api/tutors/:id/slots`): the slots engine's answer for one
 * lesson length (default: the one browse shows), at most `days` ahead (default and cap: the tutor's
 * horizon). Read as service — busy time includes other students' requests — but the answer says only
 * which times are free. A tutor who cannot take bookings (no video connection) has no open slots.
 * Unknown tutor: not_found; a length the tutor does not offer: invalid_input.
 */
export async function readTutorSlots(options: {
  db: Sql;
  tutorId: string;
  durationMinutes?: number;
  days?: number;
  now: Date;
}): Promise<TTutorSlots> {
  const { db, tutorId, now } = options;
  return asService(db, async (tx) => {
    const [tutor] = await tx<{ lesson_lengths: number[]; is_bookable: boolean }[]>`
      select s.lesson_lengths, public.is_tutor_bookable(p.id) as is_bookable
      from public.profiles p join public.tutor_booking_settings s on s.tutor_id = p.id
      where p.id = ${tutorId} and p.role = 'tutor'`;
    if (!tutor) throw new AppError("not_found", "There is no tutor with that id.");
    const lessonLengths = tutor.lesson_lengths.map(Number).sort((a, b) => a - b);
    const durationMinutes = options.durationMinutes ?? browseLessonLength(lessonLengths);
    const { availability, slots } = await listOpenSlots({ tx, tutorId, durationMinutes, now, days: options.days });
    return {
      time_zone: availability.timeZone,
      is_bookable: tutor.is_bookable,
      duration_minutes: durationMinutes,
      lesson_lengths: lessonLengths,
      slots: tutor.is_bookable ? slots.map((slot) => ({ start_at: slot.startAt.toISOString(), end_at: slot.endAt.toISOString() })) : [],
    };
  });
}
