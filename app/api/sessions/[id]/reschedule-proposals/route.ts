import { NextResponse } from "next/server";
import { z } from "zod";
import { readJson, route } from "@/lib/api/handler";
import { proposeReschedule } from "@/lib/bookings/propose-reschedule";
import { ZProposeReschedule } from "@/lib/bookings/reschedule-schema";
import { getDb } from "@/lib/db";

/** POST /api/sessions/[id]/reschedule-proposals `{ start_at }`: either side proposes a new time → 201 {proposal}. */
export const POST = route(
  { auth: "user", params: z.object({ id: z.uuid() }), rateLimit: "write", requireLiveSession: true },
  async ({ request, viewer, params }) => {
    const input = ZProposeReschedule.parse(await readJson(request));
    const { proposal } = await proposeReschedule({
      db: getDb(),
      viewer,
      sessionId: params.id,
      startAt: new Date(input.start_at),
      now: new Date(),
    });
    return NextResponse.json({ proposal }, { status: 201 });
  },
);
