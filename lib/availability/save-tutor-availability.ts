import "server-only";
import postgres, { type Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser, type Tx } from "@/lib/db";
import { browseLessonLength, refreshTutorNextSlot } from "@/lib/tutors/refresh-next-slot";
import { readBookability, type TBookability } from "./get-tutor-availability-settings";
import { listOpenSlots } from "./list-open-slots";
import { tutorAvailabilitySchema, type TTutorAvailabilityDocument } from "./save-tutor-availability-schema";
import type { TSlot } from "./types";

/** The preview after a save: the next week's open slots of one length (the one browse shows). */
export const PREVIEW_DAYS = 7;

export type TAvailabilityPreview = { timeZone: string; durationMinutes: number; days: number; slots: TSlot[] };

export type TSavedTutorAvailability = {
  document: TTutorAvailabilityDocument;
  bookability: TBookability;
  nextSlotAt: Date | null;
  preview: TAvailabilityPreview;
};

const CHECK_VIOLATION = "23514";

/**
 * The tutor replaces their whole schedule: weekly rules, date overrides, booking settings and time zone, in
 * one transaction. The writes run as the tutor, so RLS and the column grants decide (another tutor's rows
 * can't be touched); then, still inside the same transaction, the owner role refreshes the browse cache
 * (`next_slot_at`, which no browser role may write) and reads the preview with the same engine every
 * booking uses. Either all of it lands or none.
 *
 * `input` is the wire document (unknown); it is validated as a whole and any problem is a ZodError (422)
 * before anything is written.
 */
export async function saveTutorAvailability(options: {
  db: Sql;
  viewer: TAppViewer;
  input: unknown;
  now: Date;
}): Promise<TSavedTutorAvailability> {
  const { db, viewer, now } = options;
  if (viewer.role !== "tutor") throw new AppError("forbidden", "Only a tutor account has availability settings.");
  const document = tutorAvailabilitySchema(now).parse(options.input);
  try {
    return await asUser(db, viewer, async (tx) => {
      await replaceSchedule(tx, viewer.id, document);
      // The tutor's writes are done and checked by RLS; the cache and the preview are the service's reads.
      await tx`reset role`;
      const nextSlotAt = await refreshTutorNextSlot(tx, { tutorId: viewer.id, now });
      const durationMinutes = browseLessonLength(document.settings.lessonLengths);
      const { slots } = await listOpenSlots({ tx, tutorId: viewer.id, durationMinutes, now, days: PREVIEW_DAYS });
      const preview = { timeZone: document.timeZone, durationMinutes, days: PREVIEW_DAYS, slots };
      return { document, bookability: await readBookability(tx, viewer.id), nextSlotAt, preview };
    });
  } catch (error) {
    if (error instanceof postgres.PostgresError && error.code === CHECK_VIOLATION) {
      throw new AppError("invalid_input", "That time zone or one of the settings isn't accepted. Check them and save again.");
    }
    throw error;
  }
}

async function replaceSchedule(tx: Tx, tutorId: string, document: TTutorAvailabilityDocument): Promise<void> {
  const { timeZone, weeklyRules, overrides, settings } = document;
  const [profile] = await tx`update public.profiles set timezone = ${timeZone} where id = ${tutorId} returning id`;
  if (!profile) throw new AppError("not_found", "Your profile could not be found. Sign out and in again.");

  await tx`delete from public.tutor_availability where tutor_id = ${tutorId}`;
  if (weeklyRules.length > 0) {
    const rows = weeklyRules.map((rule) => ({
      tutor_id: tutorId,
      weekday: rule.weekday,
      start_time: rule.start,
      end_time: rule.end,
      timezone: timeZone,
    }));
    await tx`insert into public.tutor_availability ${tx(rows, "tutor_id", "weekday", "start_time", "end_time", "timezone")}`;
  }

  await tx`delete from public.tutor_availability_overrides where tutor_id = ${tutorId}`;
  type TOverrideRow = { tutor_id: string; on_date: string; start_time: string | null; end_time: string | null };
  const overrideRows = overrides.flatMap((override): TOverrideRow[] =>
    override.kind === "day_off"
      ? [{ tutor_id: tutorId, on_date: override.date, start_time: null, end_time: null }]
      : override.ranges.map((range) => ({ tutor_id: tutorId, on_date: override.date, start_time: range.start, end_time: range.end })),
  );
  if (overrideRows.length > 0) {
    await tx`insert into public.tutor_availability_overrides ${tx(overrideRows, "tutor_id", "on_date", "start_time", "end_time")}`;
  }

  const [saved] = await tx`
    update public.tutor_booking_settings set
      lesson_lengths = ${settings.lessonLengths}::smallint[], step_minutes = ${settings.stepMinutes},
      buffer_before_minutes = ${settings.bufferBeforeMinutes}, buffer_after_minutes = ${settings.bufferAfterMinutes},
      minimum_notice_minutes = ${settings.minimumNoticeMinutes}, horizon_days = ${settings.horizonDays},
      is_instant_booking = ${settings.isInstantBooking}
    where tutor_id = ${tutorId} returning tutor_id`;
  if (!saved) throw new AppError("not_found", "Your booking settings could not be found. Sign out and in again.");
}
