import { NextResponse } from "next/server";
import { z } from "zod";
import { readJson, route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { getSessionRating } from "@/lib/ratings/get-session-rating";
import { rateSession } from "@/lib/ratings/rate-session";
import { ZRateSession } from "@/lib/ratings/rating-rules";

const ZParams = z.object({ id: z.uuid() });

/** GET /api/sessions/[id]/rating: the lesson's rating for its people → {rating} (null when none). */
export const GET = route({ auth: "user", params: ZParams }, async ({ viewer, params }) => {
  const rating = await getSessionRating({ db: getDb(), viewer, sessionId: params.id });
  return NextResponse.json({ rating });
});

/** PUT /api/sessions/[id]/rating {stars, comment?}: the student or parent rates (201) or edits within 7 days (200). */
export const PUT = route({ auth: "user", params: ZParams, rateLimit: "write" }, async ({ request, viewer, params }) => {
  const input = ZRateSession.parse(await readJson(request));
  const { rating, isNew } = await rateSession({ db: getDb(), viewer, sessionId: params.id, input, now: new Date() });
  return NextResponse.json({ rating }, { status: isNew ? 201 : 200 });
});
