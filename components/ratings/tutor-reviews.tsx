import { LocalTime } from "@/components/ui/local-time";
import type { TTutorReview } from "@/lib/ratings/list-tutor-reviews";
import { StarRow } from "./star-row";

/** A tutor's published reviews for the profile page (from listTutorReviews): rater by first name and initial. */
export function TutorReviews({ reviews, timeZone }: { reviews: TTutorReview[]; timeZone: string }) {
  if (reviews.length === 0) return <p className="text-sm text-slate-700">No reviews yet.</p>;
  return (
    <ul className="flex flex-col gap-4" aria-label="Reviews">
      {reviews.map((review) => (
        <li key={review.id} className="flex flex-col gap-1 border-b border-slate-100 pb-4 last:border-b-0 last:pb-0">
          <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
            <span role="img" aria-label={`${review.stars} out of 5 stars`}>
              <StarRow value={review.stars} />
            </span>
            <span className="font-medium text-slate-900">{review.rater_name}</span>
            <span>· {review.subject_name} ·</span>
            <LocalTime date={new Date(review.created_at)} timeZone={timeZone} style="date" />
          </p>
          {review.comment ? <p className="whitespace-pre-line break-words text-slate-800">{review.comment}</p> : null}
          {review.reply ? (
            <p className="ml-4 whitespace-pre-line break-words border-l-2 border-slate-200 pl-3 text-sm text-slate-700">
              <span className="font-medium">Tutor&apos;s reply:</span> {review.reply}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
