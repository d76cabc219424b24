import { NextResponse } from "next/server";
import { readJson, route } from "@/lib/api/handler";
import { requestBooking } from "@/lib/bookings/request-booking";
import { ZRequestBooking } from "@/lib/bookings/request-booking-schema";
import { getDb } from "@/lib/db";

/**
 * POST /api/bookings {tutor_id, subject_id, start_at, duration_minutes, note?, student_id?}: a student (or a
 * parent for an approved child) requests an open slot → 201 {booking}; 409 slot_taken when someone was faster,
 * 422 slot_unavailable for a time the engine does not offer (README "Booking rules").
 */
export const POST = route({ auth: "user", rateLimit: "write" }, async ({ request, viewer }) => {
  const input = ZRequestBooking.parse(await readJson(request));
  const booking = await requestBooking({ db: getDb(), viewer, input, now: new Date() });
  return NextResponse.json({ booking }, { status: 201 });
});
