import "server-only";
import type { Tx } from "@/lib/db";
import { listOpenSlots } from "@/lib/availability/server";

/** The length whose first open slot browse shows and sorts by: 60 minutes if offered, else the shortest. */
export function browseLessonLength(lessonLengths: readonly number[]): number {
  return lessonLengths.includes(60) ? 60 : Math.min(...lessonLengths);
}

/**
 * Recomputes `tutor_profiles.next_slot_at` (browse's sort and "free within N days" filter) with the one
 * slots engine. Call it in the transaction that changed the tutor's busy time or schedule (a request, a
 * decision, an expiry, a save), as service; the cron tick refreshes the ones time has made stale.
 */
export async function refreshTutorNextSlot(tx: Tx, options: { tutorId: string; now: Date }): Promise<Date | null> {
  const [settings] = await tx<{ lesson_lengths: number[] }[]>`
    select lesson_lengths from public.tutor_booking_settings where tutor_id = ${options.tutorId}`;
  if (!settings) return null;
  const { slots } = await listOpenSlots({
    tx,
    tutorId: options.tutorId,
    durationMinutes: browseLessonLength(settings.lesson_lengths.map(Number)),
    now: options.now,
  });
  const next = slots[0]?.startAt ?? null;
  await tx`update public.tutor_profiles set next_slot_at = ${next}, next_slot_computed_at = ${options.now}
           where tutor_id = ${options.tutorId}`;
  return next;
}
