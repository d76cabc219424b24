import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asService, type Viewer } from "@/lib/db";
import { bookingColumns, toBookingRow, type TBookingRow } from "@/lib/bookings/booking-row";
import { readBookingForTutor } from "@/lib/bookings/read-booking-for-tutor";
import { recordBookingEvent } from "@/lib/bookings/record-booking-event";
import type { TBookingEventActor } from "@/lib/bookings/booking-events";
import { enqueueLessonNotice } from "@/lib/notifications/enqueue-lesson-notice";
import { refreshTutorNextSlot } from "@/lib/tutors/refresh-next-slot";

/** The column's limit (bookings_decline_reason_length). */
export const MAX_DECLINE_REASON_LENGTH = 500;

/**
 * The booking's tutor (or the service) declines a pending request, with an optional reason
 * the student sees. The decision and its audit event commit in one transaction.
 * Idempotent: declining a declined booking returns it unchanged.
 * A confirmed booking has a session: it is cancelled, not declined.
 */
export async function declineBooking(options: {
  db: Sql;
  viewer: Viewer | "service";
  bookingId: string;
  reason?: string | null;
  now: Date;
}): Promise<{ booking: TBookingRow; isChanged: boolean }> {
  const { db, viewer, bookingId, now } = options;
  const reason = options.reason?.trim() || null;
  if (reason && reason.length > MAX_DECLINE_REASON_LENGTH) {
    throw new AppError("invalid_input", `The reason can be at most ${MAX_DECLINE_REASON_LENGTH} characters.`);
  }
  const booking = await readBookingForTutor({ db, viewer, bookingId });
  if (booking.status === "declined") return { booking, isChanged: false };
  assertPending(booking);
  const actor: TBookingEventActor = viewer === "service" ? { role: "system" } : { id: viewer.id, role: "tutor" };
  const row = await asService(db, async (tx) => {
    const [updated] = await tx`
      update public.bookings set status = 'declined', decided_at = ${now}, decline_reason = ${reason}
      where id = ${bookingId} and status = 'pending'
      returning ${bookingColumns(tx)}
    `;
    if (updated) {
      await recordBookingEvent(tx, { bookingId, type: "booking.declined", actor, payload: reason ? { reason } : {}, at: now });
      await enqueueLessonNotice(tx, { bookingId, kind: "booking_declined", audience: "student_side", extra: { reason } });
      // The declined request no longer holds its slot.
      await refreshTutorNextSlot(tx, { tutorId: booking.tutor_id, now });
    }
    return updated;
  });
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
