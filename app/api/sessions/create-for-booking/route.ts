import { NextResponse } from "next/server";
import { z } from "zod";
import { readJson, route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { createSessionForBooking } from "@/lib/sessions";
import { tutorSessionRowJson } from "../session-json";

const ZCreateSessionForBookingRequest = z.object({ booking_id: z.uuid() });
export type TCreateSessionForBookingRequest = z.infer<typeof ZCreateSessionForBookingRequest>;

/** POST /api/sessions/create-for-booking {booking_id}: the booking's tutor confirms it → 201 {session}, 200 if it existed. */
export const POST = route({ auth: "user", rateLimit: "write" }, async ({ request, viewer }) => {
  const body = ZCreateSessionForBookingRequest.parse(await readJson(request));
  const { session, isCreated } = await createSessionForBooking({ db: getDb(), viewer, bookingId: body.booking_id, now: new Date() });
  return NextResponse.json({ session: tutorSessionRowJson(session) }, { status: isCreated ? 201 : 200 });
});
