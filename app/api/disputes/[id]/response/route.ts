import { NextResponse } from "next/server";
import { z } from "zod";
import { readJson, route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { ZRespondToDispute } from "@/lib/disputes/dispute-rules";
import { disputeJson } from "@/lib/disputes/dispute-row";
import { respondToDispute } from "@/lib/disputes/respond-to-dispute";

/** POST /api/disputes/[id]/response {response}: the lesson's tutor answers once, within 48 h → {dispute}. */
export const POST = route({ auth: "user", params: z.object({ id: z.uuid() }), rateLimit: "write" }, async ({ request, viewer, params }) => {
  const input = ZRespondToDispute.parse(await readJson(request));
  const { dispute } = await respondToDispute({ db: getDb(), viewer, disputeId: params.id, input, now: new Date() });
  return NextResponse.json({ dispute: disputeJson(dispute) });
});
