import { NextResponse } from "next/server";
import { z } from "zod";
import { route } from "@/lib/api/handler";
import { acceptReschedule } from "@/lib/bookings/accept-reschedule";
import { getDb } from "@/lib/db";

/** POST /api/reschedule-proposals/[id]/accept: the other side accepts → {proposal, times, meeting_updated}. */
export const POST = route(
  { auth: "user", params: z.object({ id: z.uuid() }), rateLimit: "decision", requireLiveSession: true },
  async ({ viewer, params }) => {
    const result = await acceptReschedule({ db: getDb(), viewer, proposalId: params.id, now: new Date() });
    return NextResponse.json({ proposal: result.proposal, times: result.times, meeting_updated: result.isMeetingUpdated });
  },
);
