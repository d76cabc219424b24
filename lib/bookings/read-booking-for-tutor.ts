import "server-only";
import type { ISql, Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asService, asUser, type Viewer } from "@/lib/db";
import { bookingColumns, toBookingRow, type TBookingRow } from "@/lib/bookings/booking-row";

/**
 * A booking its tutor is about to decide on. A user reads it under RLS, so
 * RLS alone decides whether it exists for them (another tutor: not_found);
 * someone who can see it but is not its tutor (its student, a parent) is
 * forbidden. The service ("service") reads any booking.
 */
export async function readBookingForTutor(options: { db: Sql; viewer: Viewer | "service"; bookingId: string }): Promise<TBookingRow> {
  const { db, viewer, bookingId } = options;
  const read = (tx: ISql) => tx`select ${bookingColumns(tx)} from public.bookings where id = ${bookingId}`;
  const [row] = viewer === "service" ? await asService(db, read) : await asUser(db, viewer, read);
  if (!row) throw new AppError("not_found", "There is no booking with this id that you can see.");
  const booking = toBookingRow(row);
  if (viewer !== "service" && booking.tutor_id !== viewer.id) {
    throw new AppError("forbidden", "Only the booking's tutor can confirm or decline it.");
  }
  return booking;
}
