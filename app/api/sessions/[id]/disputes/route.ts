import { NextResponse } from "next/server";
import { z } from "zod";
import { readJson, route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { ZOpenDispute } from "@/lib/disputes/dispute-rules";
import { openDispute } from "@/lib/disputes/open-dispute";

/**
 * POST /api/sessions/[id]/disputes {kind, description}: the student or parent reports a problem
 * within the hold window → 201 {dispute: {id, status}} (status "accepted" when the attendance
 * record proves a tutor no-show: refunded in full at once).
 */
export const POST = route(
  { auth: "user", params: z.object({ id: z.uuid() }), rateLimit: "write", requireLiveSession: true },
  async ({ request, viewer, params }) => {
    const input = ZOpenDispute.parse(await readJson(request));
    const { dispute } = await openDispute({ db: getDb(), viewer, sessionId: params.id, input, now: new Date() });
    return NextResponse.json({ dispute: { id: dispute.id, status: dispute.status, outcome: dispute.outcome } }, { status: 201 });
  },
);
