import "server-only";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { getViewer } from "@/lib/auth/get-viewer";
import type { TRole } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { isLessonDisputed } from "@/lib/disputes/is-lesson-disputed";
import { formatInTimeZone, formatTimeZoneName } from "@/lib/format/date-time";
import { getSessionRating } from "@/lib/ratings/get-session-rating";
import { getTutorRatingSummaries } from "@/lib/ratings/get-tutor-rating-summaries";
import { isRatingEditable, isSessionRatable } from "@/lib/ratings/rating-rules";
import type { TSessionSummary } from "@/lib/sessions";
import { RateLessonForm } from "./rate-lesson-form";
import { RatingEditor } from "./rating-editor";
import { RatingReplyForm } from "./rating-reply-form";
import { RatingSummary } from "./rating-summary";
import { StarRow } from "./star-row";

/**
 * The lesson's rating on its booking page (README "Ratings"): the student or parent rates a
 * completed lesson and may change it for 7 days; the tutor replies once; both see both.
 * Nothing for a lesson that cannot be rated and has no rating.
 */
export async function SessionRatingCard({
  session,
  role,
  timeZone,
  now,
}: {
  session: TSessionSummary;
  role: TRole;
  timeZone: string;
  now: Date;
}) {
  const viewer = await getViewer();
  if (!viewer) return null;
  const isDisputed = await isLessonDisputed({ db: getDb(), viewer, sessionId: session.id });
  const isRatable = isSessionRatable({ status: session.storedStatus, isDisputed });
  const rating = await getSessionRating({ db: getDb(), viewer, sessionId: session.id });
  if (!rating && !isRatable) return null;
  const isRater = role === "student" || role === "parent";
  const titleId = `rating-${session.id}`;

  if (!rating) {
    return (
      <Card title={isRater ? "Rate this lesson" : "Rating"} titleId={titleId}>
        {isRater ? (
          <RateLessonForm sessionId={session.id} timeZone={timeZone} initial={null} />
        ) : (
          <div className="flex flex-col gap-3">
            <p className="text-sm text-slate-700">The lesson hasn&apos;t been rated yet.</p>
            {role === "tutor" ? <TutorOwnSummary tutorId={viewer.id} /> : null}
          </div>
        )}
      </Card>
    );
  }

  const editableUntil = new Date(rating.editable_until);
  return (
    <Card title={isRater ? "Your rating" : "The student's rating"} titleId={titleId}>
      <div className="flex flex-col gap-3" data-testid="session-rating">
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
          <span role="img" aria-label={`${rating.stars} out of 5 stars`}>
            <StarRow value={rating.stars} className="text-2xl" />
          </span>
          <span>
            Rated on <LocalTime date={new Date(rating.created_at)} timeZone={timeZone} style="date" />
          </span>
        </p>
        {rating.comment ? <p className="whitespace-pre-line break-words text-slate-800">{rating.comment}</p> : null}
        {isRater && isRatable && isRatingEditable({ editableUntil }, now) ? (
          <RatingEditor
            sessionId={session.id}
            timeZone={timeZone}
            current={{ stars: rating.stars, comment: rating.comment }}
            editableUntilLabel={`${formatInTimeZone(editableUntil, timeZone)} (${formatTimeZoneName(editableUntil, timeZone)})`}
          />
        ) : null}
        {rating.reply ? (
          <div className="border-l-2 border-slate-200 pl-3" data-testid="rating-reply">
            <p className="text-sm font-medium text-slate-900">
              {role === "tutor" ? "Your reply" : "The tutor's reply"}
              {rating.replied_at ? (
                <span className="font-normal text-slate-600">
                  {" "}
                  · <LocalTime date={new Date(rating.replied_at)} timeZone={timeZone} style="date" />
                </span>
              ) : null}
            </p>
            <p className="whitespace-pre-line break-words text-slate-800">{rating.reply}</p>
          </div>
        ) : role === "tutor" ? (
          <RatingReplyForm sessionId={session.id} timeZone={timeZone} />
        ) : null}
        {role === "tutor" ? <TutorOwnSummary tutorId={viewer.id} /> : null}
      </div>
    </Card>
  );
}

/** The tutor's own public average, as students see it on the browse cards (from 3 ratings). */
async function TutorOwnSummary({ tutorId }: { tutorId: string }) {
  const summary = (await getTutorRatingSummaries(getDb(), [tutorId])).get(tutorId);
  return (
    <p className="flex flex-wrap items-center gap-2 border-t border-slate-100 pt-3 text-sm text-slate-700">
      Your public rating:
      <RatingSummary summary={summary} empty={<span>shown once you have 3 ratings.</span>} />
    </p>
  );
}
