import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService, asUser } from "@/lib/db";
import { bookingColumns, toBookingRow, type TBookingRow } from "@/lib/bookings/booking-row";
import { recordBookingEvent } from "@/lib/bookings/record-booking-event";
import { refreshTutorNextSlot } from "@/lib/tutors/refresh-next-slot";

/**
 * The requester takes back a pending request before the tutor decides: the booking's student, or an
 * approved parent of theirs (the one who requested it or another). The change, its `booking.withdrawn`
 * event and the tutor's refreshed next slot commit together; the slot is free again at once.
 * Idempotent: withdrawing a withdrawn request returns it unchanged. Someone who cannot see the booking
 * gets not_found (RLS decides); its tutor or an admin, forbidden; a decided request, 409 conflict.
 */
export async function withdrawBooking(options: {
  db: Sql;
  viewer: TAppViewer;
  bookingId: string;
  now: Date;
}): Promise<{ booking: TBookingRow; isChanged: boolean }> {
  const { db, viewer, bookingId, now } = options;
  const booking = await readBookingForRequester(db, viewer, bookingId);
  if (booking.status === "withdrawn") return { booking, isChanged: false };
  assertPending(booking);
  const row = await asService(db, async (tx) => {
    const [updated] = await tx`
      update public.bookings set status = 'withdrawn', decided_at = ${now}
      where id = ${bookingId} and status = 'pending'
      returning ${bookingColumns(tx)}`;
    if (!updated) return null;
    await recordBookingEvent(tx, {
      bookingId,
      type: "booking.withdrawn",
      actor: { id: viewer.id, role: viewer.role === "parent" ? "parent" : "student" },
      at: now,
    });
    await refreshTutorNextSlot(tx, { tutorId: booking.tutor_id, now });
    return updated;
  });
  if (row) return { booking: toBookingRow(row), isChanged: true };
  // The guard refused: the tutor decided, or the request expired, in between (or a retry withdrew it).
  const current = await readBookingForRequester(db, viewer, bookingId);
  if (current.status === "withdrawn") return { booking: current, isChanged: false };
  assertPending(current);
  throw new AppError("conflict", "This request changed while withdrawing it; reload and try again.");
}

async function readBookingForRequester(db: Sql, viewer: TAppViewer, bookingId: string): Promise<TBookingRow> {
  const [row] = await asUser(db, viewer, (tx) => tx`select ${bookingColumns(tx)} from public.bookings where id = ${bookingId}`);
  if (!row) throw new AppError("not_found", "There is no booking with this id that you can see.");
  const booking = toBookingRow(row);
  // A parent who can read the booking is an approved parent of its student (RLS).
  const isRequester = (viewer.role === "student" && booking.student_id === viewer.id) || viewer.role === "parent";
  if (!isRequester) throw new AppError("forbidden", "Only the student or their parent can withdraw a request; a tutor declines it.");
  return booking;
}

function assertPending(booking: TBookingRow): void {
  if (booking.status === "confirmed") {
    throw new AppError("conflict", "The tutor already confirmed this lesson; cancel the lesson instead of withdrawing the request.");
  }
  if (booking.status !== "pending") {
    throw new AppError("conflict", `This request was ${booking.status}; there is nothing to withdraw.`);
  }
}
