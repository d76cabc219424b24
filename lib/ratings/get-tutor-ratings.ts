import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { getTutorRatingSummaries } from "@/lib/ratings/get-tutor-rating-summaries";
import { listTutorReviews, type TTutorReview } from "@/lib/ratings/list-tutor-reviews";
import type { TRatingSummary } from "@/lib/ratings/rating-rules";

export type TTutorRatings = { tutor_id: string; summary: TRatingSummary | null; reviews: TTutorReview[] };

/** What anyone may see of a tutor's ratings: the summary (from 3 ratings) and the latest reviews. */
export async function getTutorRatings(options: { db: Sql; tutorId: string; limit?: number }): Promise<TTutorRatings> {
  const { db, tutorId } = options;
  const [tutor] = await db`select 1 from public.tutor_profiles where tutor_id = ${tutorId}`;
  if (!tutor) throw new AppError("not_found", "There is no tutor with this id.");
  const [summaries, reviews] = await Promise.all([
    getTutorRatingSummaries(db, [tutorId]),
    listTutorReviews(db, { tutorId, limit: options.limit }),
  ]);
  return { tutor_id: tutorId, summary: summaries.get(tutorId) ?? null, reviews };
}
