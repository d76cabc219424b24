import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asService, type Viewer } from "@/lib/db";
import type { TReplyToRating } from "@/lib/ratings/rating-rules";
import { sessionRatingColumns, toSessionRating, type TSessionRating } from "@/lib/ratings/session-rating";
import { readVisibleSession } from "@/lib/sessions";

/**
 * The lesson's tutor answers its rating, once (README "Ratings"): a guarded
 * UPDATE … WHERE reply IS NULL, so two racing replies cannot both land; the loser
 * is told it is already done.
 */
export async function replyToRating(options: { db: Sql; viewer: Viewer; sessionId: string; input: TReplyToRating; now: Date }): Promise<{
  rating: TSessionRating;
}> {
  const { db, viewer, sessionId, input, now } = options;
  const { relation } = await readVisibleSession({ db, viewer, sessionId });
  if (relation !== "tutor") throw new AppError("forbidden", "Only the lesson's tutor can reply to its rating.");
  return asService(db, async (tx) => {
    const [row] = await tx`
      update public.session_ratings set reply = ${input.reply}, replied_at = ${now}, updated_at = ${now}
      where session_id = ${sessionId} and reply is null
      returning ${sessionRatingColumns(tx)}`;
    if (row) return { rating: toSessionRating(row) };
    const [current] = await tx<{ id: string }[]>`select id from public.session_ratings where session_id = ${sessionId}`;
    if (!current) throw new AppError("not_found", "This lesson has not been rated yet, so there is nothing to reply to.");
    throw new AppError("already_done", "You have already replied to this rating; a reply can't be changed.");
  });
}
