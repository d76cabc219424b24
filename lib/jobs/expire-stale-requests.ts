import "server-only";
import type { Sql } from "postgres";
import { expirePendingRequests } from "@/lib/bookings/expire-pending-requests";
import { asService } from "@/lib/db";
import { refreshTutorNextSlot } from "@/lib/tutors/refresh-next-slot";

/** At most this many requests per tick; the rest wait for the next minute. */
export const EXPIRE_BATCH_SIZE = 500;

/**
 * The cron tick's expiry of stale booking requests: every pending request whose deadline has passed
 * becomes 'expired' with a `booking.expired` event, set-based, in one transaction that also refreshes
 * the affected tutors' next open slot. Rows another transaction holds (a tutor confirming right now)
 * are skipped, not waited for (SKIP LOCKED); a second run finds nothing left to do (idempotent).
 */
export async function expireStaleRequests(options: { db: Sql; now: Date; limit?: number }): Promise<{ expired: number }> {
  const { db, now } = options;
  return asService(db, async (tx) => {
    const expired = await expirePendingRequests(tx, { now, skipLocked: true, limit: options.limit ?? EXPIRE_BATCH_SIZE });
    for (const tutorId of new Set(expired.map((request) => request.tutorId))) {
      await refreshTutorNextSlot(tx, { tutorId, now });
    }
    return { expired: expired.length };
  });
}
