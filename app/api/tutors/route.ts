import { NextResponse } from "next/server";
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { searchTutors } from "@/lib/tutors/search-tutors";
import { queryFields, ZSearchTutorsQuery } from "@/lib/tutors/search-tutors-schema";

/** GET /api/tutors?q=&subject=&min_price=&max_price=&free_within_days=&sort=&page= (public): bookable tutors. */
export const GET = route({ auth: "public" }, async ({ request, viewer }) => {
  const query = ZSearchTutorsQuery.parse(queryFields(new URL(request.url).searchParams));
  const result = await searchTutors({ db: getDb(), viewer, query, now: new Date() });
  return NextResponse.json(result, { headers: { "Cache-Control": "no-store" } });
});
