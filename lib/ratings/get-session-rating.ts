import "server-only";
import type { Sql } from "postgres";
import { asUser, type Viewer } from "@/lib/db";
import { sessionRatingColumns, toSessionRating, type TSessionRating } from "@/lib/ratings/session-rating";

/**
 * A lesson's rating as the viewer may read it (RLS: its student, approved parents, tutor,
 * admins), or null when there is none or it is not theirs to see.
 */
export async function getSessionRating(options: { db: Sql; viewer: Viewer; sessionId: string }): Promise<TSessionRating | null> {
  const { db, viewer, sessionId } = options;
  const [row] = await asUser(
    db,
    viewer,
    (tx) => tx`
    select ${sessionRatingColumns(tx)} from public.session_ratings where session_id = ${sessionId}`,
  );
  return row ? toSessionRating(row) : null;
}
