import "server-only";
import type { Sql } from "postgres";
import type { Viewer } from "@/lib/db";
import { createSessionForBooking } from "@/lib/sessions";
import type { TSessionRow } from "@/lib/sessions";

/**
 * The tutor's "Confirm" on a booking request. Confirming is creating the
 * session: the booking becomes confirmed in the same transaction that writes
 * the session, its meeting link and both audit rows (`booking.confirmed`,
 * `session.created`), so none of them can exist without the others.
 * Same rules and errors as createSessionForBooking (idempotent, 409 without a
 * video connection, 502 when the provider fails, 409 on an overlapping slot).
 */
export async function confirmBooking(options: { db: Sql; viewer: Viewer | "service"; bookingId: string; now: Date }): Promise<{
  session: TSessionRow;
  isCreated: boolean;
}> {
  return createSessionForBooking(options);
}
