import { NextResponse } from "next/server";
import { z } from "zod";
import { route } from "@/lib/api/handler";
import { withdrawBooking } from "@/lib/bookings/withdraw-booking";
import { getDb } from "@/lib/db";

/** POST /api/bookings/:id/withdraw: the student (or their parent) takes back a pending request → 200 {booking}. */
export const POST = route({ auth: "user", params: z.object({ id: z.uuid() }), rateLimit: "write" }, async ({ viewer, params }) => {
  const { booking } = await withdrawBooking({ db: getDb(), viewer, bookingId: params.id, now: new Date() });
  return NextResponse.json({
    booking: { id: booking.id, status: booking.status, decided_at: booking.decided_at?.toISOString() ?? null },
  });
});
