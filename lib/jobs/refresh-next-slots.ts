import "server-only";
import type { Sql } from "postgres";
import { log } from "@/lib/log";
import { refreshTutorNextSlot } from "@/lib/tutors/refresh-next-slot";

/** This step's share of a cron tick (after charges and attendance); tutors left over wait for the next tick. */
export const NEXT_SLOT_TIME_BUDGET_MS = 3_000;
/** Tutors claimed per transaction. */
const BATCH_SIZE = 50;
/** A cached next slot older than this is recomputed even if nothing changed (overrides, time passing). */
export const NEXT_SLOT_MAX_AGE_MINUTES = 60;

export type TRefreshNextSlotsResult = { refreshed: number; remaining: boolean };

/**
 * Keeps browse's cached `tutor_profiles.next_slot_at` true as time passes: recomputes bookable tutors whose
 * cached slot is now inside their minimum notice (no longer offered), or whose value (null included) was
 * computed over an hour ago or never. Batches claim their rows with SKIP LOCKED, so concurrent ticks never
 * compute the same tutor; the step stops at its time budget.
 */
export async function refreshNextSlots(options: { db: Sql; now: Date; timeBudgetMs?: number }): Promise<TRefreshNextSlotsResult> {
  const { db, now } = options;
  const deadline = performance.now() + (options.timeBudgetMs ?? NEXT_SLOT_TIME_BUDGET_MS);
  let refreshed = 0;
  let remaining = true;
  try {
    while (remaining && performance.now() < deadline) {
      const count = await db.begin(async (tx) => {
        const due = await tx<{ tutor_id: string }[]>`
          select tp.tutor_id
          from public.tutor_profiles tp
          join public.tutor_booking_settings bs on bs.tutor_id = tp.tutor_id
          where tp.is_bookable
            and (tp.next_slot_computed_at is null
                 or tp.next_slot_computed_at < ${now}::timestamptz - make_interval(mins => ${NEXT_SLOT_MAX_AGE_MINUTES})
                 or tp.next_slot_at < public.shift_minutes(${now}::timestamptz, bs.minimum_notice_minutes))
          order by tp.next_slot_computed_at nulls first, tp.tutor_id
          limit ${BATCH_SIZE}
          for update of tp skip locked`;
        for (const row of due) await refreshTutorNextSlot(tx, { tutorId: row.tutor_id, now });
        return due.length;
      });
      refreshed += count;
      remaining = count === BATCH_SIZE;
    }
  } catch (error) {
    log.error("next_slot_refresh_stopped", { error });
  }
  if (refreshed > 0) log.info("next_slots_refreshed", { refreshed, remaining });
  return { refreshed, remaining };
}
