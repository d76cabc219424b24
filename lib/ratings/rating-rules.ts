import { z } from "zod";
import type { TStoredSessionStatus } from "@/lib/sessions/shared";

/**
 * The rating rules (README "Ratings"), pure and safe in client components. The SQL side of
 * the same rules: public.is_session_ratable, the session_ratings checks and the summary
 * function (supabase/migrations/20261201015000_create_session_ratings.sql).
 */

/** Stars and comment stay editable this long after the first rating. */
export const RATING_EDIT_DAYS = 7;
export const RATING_EDIT_MS = RATING_EDIT_DAYS * 24 * 60 * 60 * 1000;
export const MAX_RATING_COMMENT_LENGTH = 2000;
export const MAX_RATING_REPLY_LENGTH = 2000;
/** A tutor's average shows only from this many published ratings. */
export const MIN_RATINGS_FOR_SUMMARY = 3;
export const RATING_STARS = [1, 2, 3, 4, 5] as const;

export const ZRateSession = z.strictObject({
  stars: z.number().int("Stars must be a whole number from 1 to 5.").min(1, "Stars go from 1 to 5.").max(5, "Stars go from 1 to 5."),
  comment: z
    .string()
    .max(MAX_RATING_COMMENT_LENGTH, `A comment is at most ${MAX_RATING_COMMENT_LENGTH} characters.`)
    .nullish()
    .transform((value) => (value?.trim() ? value.trim() : null)),
});
export type TRateSession = z.output<typeof ZRateSession>;

export const ZReplyToRating = z.strictObject({
  reply: z
    .string()
    .trim()
    .min(1, "Write a reply.")
    .max(MAX_RATING_REPLY_LENGTH, `A reply is at most ${MAX_RATING_REPLY_LENGTH} characters.`),
});
export type TReplyToRating = z.output<typeof ZReplyToRating>;

/**
 * A lesson's facts the rule needs. `isDisputed`: a dispute on it is open, responded or accepted, or
 * was decided with a refund (public.is_session_ratable reads the same from public.disputes).
 */
export type TRatableLesson = { status: TStoredSessionStatus; isDisputed?: boolean };

/** Why a lesson cannot be rated, or null when it can. The TypeScript twin of public.is_session_ratable. */
export function ratingRefusal(lesson: TRatableLesson): "not_completed" | "no_show" | "cancelled" | "short" | "disputed" | null {
  if (lesson.isDisputed) return "disputed";
  switch (lesson.status) {
    case "COMPLETED_ASSUMED":
      return null;
    case "NO_SHOW_STUDENT":
    case "NO_SHOW_TUTOR":
      return "no_show";
    case "CANCELLED":
    case "CANCELLED_LATE":
      return "cancelled";
    case "EARLY_END_SHORT":
      return "short";
    case "SCHEDULED":
      return "not_completed";
  }
}

export function isSessionRatable(lesson: TRatableLesson): boolean {
  return ratingRefusal(lesson) === null;
}

export function isRatingEditable(rating: { editableUntil: Date }, now: Date): boolean {
  return now.getTime() < rating.editableUntil.getTime();
}

export type TRatingSummary = { average: number; count: number };

/** "4.7 (12)". */
export function formatRatingSummary(summary: TRatingSummary): string {
  return `${summary.average.toFixed(1)} (${summary.count})`;
}
