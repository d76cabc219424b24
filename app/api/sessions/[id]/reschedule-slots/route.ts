import { NextResponse } from "next/server";
import { z } from "zod";
import { route } from "@/lib/api/handler";
import { listRescheduleSlots } from "@/lib/bookings/list-reschedule-slots";
import { ZRescheduleSlotsQuery } from "@/lib/bookings/reschedule-schema";
import { getDb } from "@/lib/db";

/** GET /api/sessions/[id]/reschedule-slots?days=14: the new starts the viewer may propose (or why not). */
export const GET = route({ auth: "user", params: z.object({ id: z.uuid() }) }, async ({ request, viewer, params }) => {
  const query = ZRescheduleSlotsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const result = await listRescheduleSlots({ db: getDb(), viewer, sessionId: params.id, days: query.days, now: new Date() });
  return NextResponse.json(
    {
      is_allowed: result.isAllowed,
      reason: result.reason,
      tutor_time_zone: result.tutorTimeZone,
      slots: result.slots.map((slot) => ({ start_at: slot.startAt.toISOString(), end_at: slot.endAt.toISOString() })),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
});
