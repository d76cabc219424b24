import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError } from "@/lib/api/errors";
import { route } from "@/lib/api/handler";
import { getViewer } from "@/lib/auth/get-viewer";
import { getDb } from "@/lib/db";
import { markNoShow } from "@/lib/sessions/mark-no-show";

const ZSessionParams = z.object({ id: z.uuid() });

/** POST /api/sessions/[id]/mark-no-show: the session's tutor, after the no-show wait → {session}. */
export const POST = route(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const viewer = await getViewer(request);
  if (!viewer) throw new AppError("unauthorized", "Sign in to mark a no-show.");
  const { id } = ZSessionParams.parse(await context.params);
  const { session } = await markNoShow({ db: getDb(), viewer, sessionId: id, now: new Date() });
  return NextResponse.json({ session });
});
