import { NextResponse } from "next/server";
import { z } from "zod";
import { route } from "@/lib/api/handler";
import { declineReschedule } from "@/lib/bookings/decline-reschedule";
import { getDb } from "@/lib/db";

/** POST /api/reschedule-proposals/[id]/decline: the other side declines, the proposer withdraws → {proposal}. */
export const POST = route(
  { auth: "user", params: z.object({ id: z.uuid() }), rateLimit: "decision", requireLiveSession: true },
  async ({ viewer, params }) => {
    const { proposal } = await declineReschedule({ db: getDb(), viewer, proposalId: params.id, now: new Date() });
    return NextResponse.json({ proposal });
  },
);
