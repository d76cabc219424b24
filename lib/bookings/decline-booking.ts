import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asService, type Viewer } from "@/lib/db";
import { bookingColumns, toBookingRow, type TBookingRow } from "@/lib/bookings/booking-row";
import { readBookingForTutor } from "@/lib/bookings/read-booking-for-tutor";

/**
 * The booking's tutor (or the service) declines a pending request.
 * Idempotent: declining a declined booking returns it unchanged.
 * A confirmed booking has a session: it is cancelled, not declined.
 */
export async function declineBooking(options: { db: Sql; viewer: Viewer | "service"; bookingId: string; now: Date }): Promise<{
  booking: TBookingRow;
  isChanged: boolean;
}> {
  const { db, viewer, bookingId, now } = options;
  const booking = await readBookingForTutor({ db, viewer, bookingId });
  if (booking.status === "declined") return { booking, isChanged: false };
  assertPending(booking);
  const [row] = await asService(db, (tx) => tx`
    update public.bookings set status = 'declined', decided_at = ${now}
    where id = ${bookingId} and status = 'pending'
    returning ${bookingColumns(tx)}
  `);
  if (row) return { booking: toBookingRow(row), isChanged: true };
  // The guard refused: it was confirmed or cancelled in between (or declined by a retry).
  const current = await readBookingForTutor({ db, viewer, bookingId });
  if (current.status === "declined") return { booking: current, isChanged: false };
  assertPending(current);
  throw new AppError("conflict", "This booking changed while declining it; reload and try again.");
}

function assertPending(booking: TBookingRow): void {
  if (booking.status === "confirmed") {
    throw new AppError("conflict", "This booking is already confirmed; cancel the session instead of declining it.");
  }
  if (booking.status !== "pending") throw new AppError("conflict", `This booking was ${booking.status}; it can no longer be declined.`);
}
