import "server-only";
import { AppError } from "@/lib/api/errors";
import type { Tx } from "@/lib/db";
import { DAY_MS } from "./constants";
import { generateSlots } from "./generate-slots";
import { loadTutorAvailability, type TTutorAvailability } from "./load-tutor-availability";
import type { TBusyInterval, TSlot } from "./types";

export type TOpenSlots = { availability: TTutorAvailability; slots: TSlot[] };

/**
 * A tutor's open slots of one lesson length, from now to the end of their horizon (or `days`, if sooner):
 * the one read every caller uses (profile page, browse's next free slot, the booking route's re-check, the
 * editor's preview, reschedule). Runs in the caller's transaction, which must be able to read the tutor's
 * bookings: as service (other students' requests block a slot, and nobody else may see them) — the result
 * says only which times are free.
 *
 * Busy time is the tutor's confirmed bookings and live pending requests, each with the buffers frozen on it;
 * cancelled, declined, withdrawn and expired ones never block, nor does a pending request past its deadline
 * that the cron job has not expired yet. `ignoreBookingIds` are treated as free (a reschedule keeps its own
 * time available).
 *
 * Throws AppError not_found for an unknown tutor and invalid_input for a length the tutor doesn't offer.
 */
export async function listOpenSlots(options: {
  tx: Tx;
  tutorId: string;
  durationMinutes: number;
  now: Date;
  days?: number;
  ignoreBookingIds?: readonly string[];
}): Promise<TOpenSlots> {
  const { tx, tutorId, durationMinutes, now } = options;
  const availability = await loadTutorAvailability(tx, { tutorId });
  if (!availability) throw new AppError("not_found", "There is no tutor with that id.");
  const { settings } = availability;
  if (!settings.lessonLengths.includes(durationMinutes)) {
    throw new AppError("invalid_input", `This tutor offers ${settings.lessonLengths.join(", ")}-minute lessons.`, {
      lesson_lengths: settings.lessonLengths,
    });
  }
  const horizonDays = Math.min(settings.horizonDays, options.days ?? settings.horizonDays);
  const busy = await loadBusyIntervals(tx, {
    tutorId,
    from: new Date(now.getTime() - DAY_MS),
    to: new Date(now.getTime() + (horizonDays + 1) * DAY_MS),
    now,
    ignoreBookingIds: options.ignoreBookingIds ?? [],
  });
  const slots = generateSlots({
    weeklyRules: availability.weeklyRules,
    overrides: availability.overrides,
    timeZone: availability.timeZone,
    busy,
    settings: {
      durationMinutes,
      stepMinutes: settings.stepMinutes,
      minimumNoticeMinutes: settings.minimumNoticeMinutes,
      horizonDays,
      bufferBeforeMinutes: settings.bufferBeforeMinutes,
      bufferAfterMinutes: settings.bufferAfterMinutes,
    },
    now,
  });
  return { availability, slots };
}

/** The tutor's committed time overlapping [from, to), as the bookings' and proposals' exclusion constraints see it. */
export async function loadBusyIntervals(
  tx: Tx,
  options: { tutorId: string; from: Date; to: Date; now: Date; ignoreBookingIds: readonly string[] },
): Promise<TBusyInterval[]> {
  const ignored = options.ignoreBookingIds.length ? options.ignoreBookingIds : ["00000000-0000-0000-0000-000000000000"];
  const rows = await tx<{ start_at: Date; end_at: Date; buffer_before_minutes: number; buffer_after_minutes: number }[]>`
    select coalesce(b.confirmed_start_at, b.requested_start_at) as start_at,
      coalesce(b.confirmed_end_at, b.requested_end_at) as end_at,
      b.buffer_before_minutes, b.buffer_after_minutes
    from public.bookings b
    where b.tutor_id = ${options.tutorId}
      and (b.status = 'confirmed' or (b.status = 'pending' and (b.expires_at is null or b.expires_at > ${options.now})))
      and tstzrange(coalesce(b.confirmed_start_at, b.requested_start_at), coalesce(b.confirmed_end_at, b.requested_end_at), '[)')
        && tstzrange(${options.from}, ${options.to}, '[)')
      and b.id <> all(${ignored}::uuid[])
    union all
    -- A pending reschedule proposal holds its slot too (reschedule_proposals_tutor_no_overlap).
    select p.start_at, p.end_at, p.buffer_before_minutes, p.buffer_after_minutes
    from public.reschedule_proposals p
    where p.tutor_id = ${options.tutorId} and p.status = 'pending' and p.expires_at > ${options.now}
      and tstzrange(p.start_at, p.end_at, '[)') && tstzrange(${options.from}, ${options.to}, '[)')
      and p.booking_id <> all(${ignored}::uuid[])
    order by 1`;
  return rows.map((row) => ({
    startAt: row.start_at,
    endAt: row.end_at,
    bufferBeforeMinutes: row.buffer_before_minutes,
    bufferAfterMinutes: row.buffer_after_minutes,
  }));
}
