import { NextResponse } from "next/server";
import { z } from "zod";
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { markNoShow } from "@/lib/sessions";
import { tutorSessionRowJson } from "../../session-json";

/** POST /api/sessions/[id]/mark-no-show: the session's tutor, after the no-show wait → {session}. */
export const POST = route(
  { auth: "user", params: z.object({ id: z.uuid() }), rateLimit: "decision", requireLiveSession: true },
  async ({ viewer, params }) => {
    const { session } = await markNoShow({ db: getDb(), viewer, sessionId: params.id, now: new Date() });
    return NextResponse.json({ session: tutorSessionRowJson(session) });
  },
);
