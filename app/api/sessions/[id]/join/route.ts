import { NextResponse } from "next/server";
import { z } from "zod";
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { joinSession } from "@/lib/sessions";

/** POST /api/sessions/[id]/join → {join_url}, only inside the join window (409 too_early with opens_at otherwise). */
export const POST = route({ auth: "user", params: z.object({ id: z.uuid() }), rateLimit: "join" }, async ({ viewer, params }) => {
  const { joinUrl } = await joinSession({ db: getDb(), viewer, sessionId: params.id, now: new Date() });
  // The link is a bearer secret: never let a cache keep it.
  return NextResponse.json({ join_url: joinUrl }, { headers: { "Cache-Control": "no-store" } });
});
