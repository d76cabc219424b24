import "server-only";
import type { Sql } from "postgres";
import { asService, type Viewer } from "@/lib/db";
import { recordBookingEvent } from "@/lib/bookings/record-booking-event";
import { createSessionForBooking } from "@/lib/sessions";
import type { TSessionRow } from "@/lib/sessions";

/**
 * The tutor's "Confirm" on a booking request. Confirming is creating the
 * session: the booking becomes confirmed in the same transaction that writes
 * the session and its meeting link, so the two can never disagree.
 * Same rules and errors as createSessionForBooking (idempotent, 409 without a
 * video connection, 502 when the provider fails, 409 on an overlapping slot).
 * The `booking.confirmed` audit row is written once the confirmation committed, and only
 * by the call that made it (a retry returns the same session and writes nothing): a
 * failed confirm leaves no event.
 */
export async function confirmBooking(options: { db: Sql; viewer: Viewer | "service"; bookingId: string; now: Date }): Promise<{
  session: TSessionRow;
  isCreated: boolean;
}> {
  const result = await createSessionForBooking(options);
  if (result.isCreated) {
    const { viewer, bookingId, now } = options;
    await asService(options.db, (tx) =>
      recordBookingEvent(tx, {
        bookingId,
        type: "booking.confirmed",
        actor: viewer === "service" ? { role: "system" } : { id: viewer.id, role: "tutor" },
        payload: { session_id: result.session.id },
        at: now,
      }),
    );
  }
  return result;
}
