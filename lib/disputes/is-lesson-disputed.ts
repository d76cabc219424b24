import "server-only";
import type { Sql } from "postgres";
import { asUser, type Viewer } from "@/lib/db";
import { isRatingBlockedByDispute, type TDisputeOutcome, type TDisputeStatus } from "./dispute-rules";

/**
 * Whether the lesson's dispute keeps it out of ratings (TRatableLesson.isDisputed): unresolved,
 * accepted, or decided with a refund. Read as the viewer (RLS: the lesson's people and admins).
 */
export async function isLessonDisputed(options: { db: Sql; viewer: Viewer; sessionId: string }): Promise<boolean> {
  const { db, viewer, sessionId } = options;
  const [row] = await asUser(
    db,
    viewer,
    (tx) => tx<{ status: TDisputeStatus; outcome: TDisputeOutcome | null }[]>`
      select status, outcome from public.disputes where session_id = ${sessionId}`,
  );
  return isRatingBlockedByDispute(row ?? null);
}
