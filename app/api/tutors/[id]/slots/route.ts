import { NextResponse } from "next/server";
import { z } from "zod";
import { route } from "@/lib/api/handler";
import { LESSON_LENGTHS, MAX_HORIZON_DAYS } from "@/lib/availability";
import { readTutorSlots } from "@/lib/bookings/read-tutor-slots";
import { getDb } from "@/lib/db";

const ZSlotsQuery = z.strictObject({
  duration: z.coerce
    .number()
    .int()
    .refine((minutes) => (LESSON_LENGTHS as readonly number[]).includes(minutes), `one of ${LESSON_LENGTHS.join(", ")}`)
    .optional(),
  days: z.coerce.number().int().min(1).max(MAX_HORIZON_DAYS).optional(),
});

/**
 * GET /api/tutors/:id/slots?duration=60&days=14 (public) → {time_zone, is_bookable, duration_minutes,
 * lesson_lengths, slots: [{start_at, end_at}]} with ISO instants in UTC. 404 unknown tutor, 422 bad params.
 */
export const GET = route({ auth: "public", params: z.object({ id: z.uuid() }) }, async ({ request, params }) => {
  const query = ZSlotsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const slots = await readTutorSlots({
    db: getDb(),
    tutorId: params.id,
    durationMinutes: query.duration,
    days: query.days,
    now: new Date(),
  });
  return NextResponse.json(slots, { headers: { "Cache-Control": "no-store" } });
});
