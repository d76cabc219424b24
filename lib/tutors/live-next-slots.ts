import "server-only";
import type { Tx } from "@/lib/db";
import { listOpenSlots } from "@/lib/availability/server";
import { browseLessonLength } from "./refresh-next-slot";

/**
 * The exact first open slot of each tutor's browse length, for one page of cards. Run as service: busy
 * time includes other students' requests; only the instants leave this function.
 */
export async function liveNextSlots(
  tx: Tx,
  options: { tutors: { tutorId: string; lessonLengths: readonly number[] }[]; now: Date },
): Promise<Map<string, Date | null>> {
  const result = new Map<string, Date | null>();
  for (const tutor of options.tutors) {
    const { slots } = await listOpenSlots({
      tx,
      tutorId: tutor.tutorId,
      durationMinutes: browseLessonLength(tutor.lessonLengths.map(Number)),
      now: options.now,
    });
    result.set(tutor.tutorId, slots[0]?.startAt ?? null);
  }
  return result;
}
