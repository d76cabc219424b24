import { NextResponse } from "next/server";
import { z } from "zod";
import { readJson, route } from "@/lib/api/handler";
import { cancelSession, previewCancellation } from "@/lib/bookings/cancel-session";
import { ZCancelSessionRequest } from "@/lib/bookings/cancel-session-schema";
import { getDb } from "@/lib/db";

const ZParams = z.object({ id: z.uuid() });

/** GET /api/sessions/[id]/cancel: what cancelling now would do for the caller → {cancellation}; changes nothing. */
export const GET = route({ auth: "user", params: ZParams }, async ({ viewer, params }) => {
  const cancellation = await previewCancellation({ db: getDb(), viewer, sessionId: params.id, now: new Date() });
  return NextResponse.json({ cancellation }, { headers: { "Cache-Control": "no-store" } });
});

/** POST /api/sessions/[id]/cancel {reason?}: the student, parent, tutor or an admin cancels → {cancellation, session, meeting}. */
export const POST = route(
  { auth: "user", params: ZParams, rateLimit: "decision", requireLiveSession: true },
  async ({ request, viewer, params }) => {
    const input = ZCancelSessionRequest.parse(await readJson(request));
    const result = await cancelSession({ db: getDb(), viewer, sessionId: params.id, reason: input.reason, now: new Date() });
    return NextResponse.json(result);
  },
);
