import "server-only";
import type { Sql } from "postgres";
import type { TRatingSummary } from "@/lib/ratings/rating-rules";

/**
 * Average stars (one decimal) and count of each tutor's published ratings, for browse cards
 * and profiles, through public.tutor_rating_summary (no rater ids). A tutor with fewer than
 * 3 ratings (README "Ratings") is absent from the map. Works in any transaction or pool.
 */
export async function getTutorRatingSummaries(tx: Sql, tutorIds: readonly string[]): Promise<Map<string, TRatingSummary>> {
  const summaries = new Map<string, TRatingSummary>();
  if (tutorIds.length === 0) return summaries;
  const rows = await tx<{ tutor_id: string; average: string; rating_count: number }[]>`
    select tutor_id, average::text, rating_count from public.tutor_rating_summary(${[...tutorIds]}::uuid[])`;
  for (const row of rows) summaries.set(row.tutor_id, { average: Number(row.average), count: row.rating_count });
  return summaries;
}
