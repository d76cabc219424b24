import { NextResponse } from "next/server";
import { z } from "zod";
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { getTutorRatings } from "@/lib/ratings/get-tutor-ratings";

/** GET /api/tutors/[id]/ratings: public → {tutor_id, summary ({average, count} from 3 ratings, else null), reviews}. */
export const GET = route({ auth: "public", params: z.object({ id: z.uuid() }) }, async ({ params }) => {
  const ratings = await getTutorRatings({ db: getDb(), tutorId: params.id });
  return NextResponse.json(ratings, { headers: { "cache-control": "public, max-age=60" } });
});
