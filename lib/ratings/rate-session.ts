import "server-only";
import postgres, { type Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asService, type Tx, type Viewer } from "@/lib/db";
import { isLessonDisputed } from "@/lib/disputes/is-lesson-disputed";
import { assertLessonRatable } from "@/lib/ratings/assert-lesson-ratable";
import { RATING_EDIT_DAYS, RATING_EDIT_MS, type TRateSession } from "@/lib/ratings/rating-rules";
import { sessionRatingColumns, toSessionRating, type TSessionRating } from "@/lib/ratings/session-rating";
import { readVisibleSession } from "@/lib/sessions";
import { formatIso } from "@/lib/ratings/format-iso";

/**
 * The lesson's student (or an approved parent) rates a completed lesson, or changes the
 * rating within 7 days of the first one (README "Ratings"). Reads the lesson as the viewer
 * (another student's lesson is not found), checks the rule at `now`, then writes as the
 * service: the first rating is an insert that loses to a racing one gracefully, an edit a
 * guarded UPDATE … WHERE editable_until > now. The table's trigger holds the same rules.
 */
export async function rateSession(options: { db: Sql; viewer: Viewer; sessionId: string; input: TRateSession; now: Date }): Promise<{
  rating: TSessionRating;
  isNew: boolean;
}> {
  const { db, viewer, sessionId, input, now } = options;
  const { session, relation } = await readVisibleSession({ db, viewer, sessionId });
  if (relation === "tutor") throw new AppError("forbidden", "You can't rate your own lesson; you can reply to the student's rating.");
  if (relation !== "student" && relation !== "parent") {
    throw new AppError("forbidden", "Only the lesson's student or their parent can rate it.");
  }
  assertLessonRatable({ status: session.status, isDisputed: await isLessonDisputed({ db, viewer, sessionId }) });
  try {
    return await asService(db, async (tx) => {
      const inserted = await insertFirstRating(tx, {
        sessionId,
        tutorId: session.tutor_id,
        studentId: session.student_id,
        viewer,
        input,
        now,
      });
      if (inserted) return { rating: inserted, isNew: true };
      return { rating: await editRating(tx, { sessionId, viewer, input, now }), isNew: false };
    });
  } catch (error) {
    // The trigger's last word (the lesson stopped being ratable since we read it).
    if (error instanceof postgres.PostgresError && error.code === "23514") {
      throw new AppError("conflict", "This lesson can't be rated any more; reload the page.");
    }
    throw error;
  }
}

async function insertFirstRating(
  tx: Tx,
  o: { sessionId: string; tutorId: string; studentId: string; viewer: Viewer; input: TRateSession; now: Date },
): Promise<TSessionRating | null> {
  const [row] = await tx`
    insert into public.session_ratings (session_id, tutor_id, student_id, rated_by, stars, comment, created_at, updated_at, editable_until)
    values (${o.sessionId}, ${o.tutorId}, ${o.studentId}, ${o.viewer.id}, ${o.input.stars}, ${o.input.comment}, ${o.now}, ${o.now},
            ${new Date(o.now.getTime() + RATING_EDIT_MS)})
    on conflict (session_id) do nothing
    returning ${sessionRatingColumns(tx)}`;
  return row ? toSessionRating(row) : null;
}

async function editRating(tx: Tx, o: { sessionId: string; viewer: Viewer; input: TRateSession; now: Date }): Promise<TSessionRating> {
  const [row] = await tx`
    update public.session_ratings
    set stars = ${o.input.stars}, comment = ${o.input.comment}, rated_by = ${o.viewer.id}, updated_at = ${o.now}
    where session_id = ${o.sessionId} and editable_until > ${o.now}
    returning ${sessionRatingColumns(tx)}`;
  if (row) return toSessionRating(row);
  const [current] = await tx<
    { editable_until: Date }[]
  >`select editable_until from public.session_ratings where session_id = ${o.sessionId}`;
  if (!current) throw new AppError("conflict", "This lesson's rating changed while saving; reload and try again.");
  throw new AppError(
    "too_late",
    `A rating can be changed for ${RATING_EDIT_DAYS} days after it was first given; that ended at ${formatIso(current.editable_until)}.`,
    { editable_until: formatIso(current.editable_until) },
  );
}
