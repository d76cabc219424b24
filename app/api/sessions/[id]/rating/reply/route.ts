import { NextResponse } from "next/server";
import { z } from "zod";
import { readJson, route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { ZReplyToRating } from "@/lib/ratings/rating-rules";
import { replyToRating } from "@/lib/ratings/reply-to-rating";

/** POST /api/sessions/[id]/rating/reply {reply}: the lesson's tutor answers its rating, once → {rating}. */
export const POST = route({ auth: "user", params: z.object({ id: z.uuid() }), rateLimit: "write" }, async ({ request, viewer, params }) => {
  const input = ZReplyToRating.parse(await readJson(request));
  const { rating } = await replyToRating({ db: getDb(), viewer, sessionId: params.id, input, now: new Date() });
  return NextResponse.json({ rating });
});
