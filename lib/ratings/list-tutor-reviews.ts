import "server-only";
import type { Sql } from "postgres";

/** One published review as a profile page shows it: the rater by first name and initial only. */
export type TTutorReview = {
  id: string;
  stars: number;
  comment: string | null;
  reply: string | null;
  replied_at: string | null;
  created_at: string;
  rater_name: string;
  subject_name: string;
};

/**
 * A tutor's published reviews, newest first, through public.tutor_public_ratings: never the
 * rater's id or email. `limit` is capped at 100 by the function.
 */
export async function listTutorReviews(tx: Sql, options: { tutorId: string; limit?: number }): Promise<TTutorReview[]> {
  const rows = await tx<
    {
      rating_id: string;
      stars: number;
      comment: string | null;
      reply: string | null;
      replied_at: Date | null;
      created_at: Date;
      rater_name: string;
      subject_name: string;
    }[]
  >`select * from public.tutor_public_ratings(${options.tutorId}::uuid, ${options.limit ?? 20}::integer)`;
  return rows.map((row) => ({
    id: row.rating_id,
    stars: Number(row.stars),
    comment: row.comment,
    reply: row.reply,
    replied_at: row.replied_at ? row.replied_at.toISOString() : null,
    created_at: row.created_at.toISOString(),
    rater_name: row.rater_name,
    subject_name: row.subject_name,
  }));
}
