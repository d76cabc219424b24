import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError } from "@/lib/api/errors";
import { route } from "@/lib/api/handler";
import { getViewer } from "@/lib/auth/get-viewer";
import { getDb } from "@/lib/db";
import { joinSession } from "@/lib/sessions/join-session";

const ZSessionParams = z.object({ id: z.uuid() });

/** POST /api/sessions/[id]/join → {join_url}, only inside the join window (409 too_early with opens_at otherwise). */
export const POST = route(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const viewer = await getViewer(request);
  if (!viewer) throw new AppError("unauthorized", "Sign in to join this session.");
  const { id } = ZSessionParams.parse(await context.params);
  const { joinUrl } = await joinSession({ db: getDb(), viewer, sessionId: id, now: new Date() });
  // The link is a bearer secret: never let a cache keep it.
  return NextResponse.json({ join_url: joinUrl }, { headers: { "Cache-Control": "no-store" } });
});
