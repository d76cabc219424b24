import "server-only";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService, type Db } from "@/lib/db";
import { listOpenSlots } from "@/lib/availability/server";
import type { TSlot } from "@/lib/availability";
import { getTutorCancellationRate, type TTutorCancellationRate } from "@/lib/bookings/get-tutor-cancellation-rate";
import { getTutorRatingSummaries } from "@/lib/ratings/get-tutor-rating-summaries";
import { listTutorReviews, type TTutorReview } from "@/lib/ratings/list-tutor-reviews";
import type { TRatingSummary } from "@/lib/ratings/rating-rules";
import { asVisitor } from "./as-visitor";
import { browseLessonLength } from "./refresh-next-slot";
import type { TTutorCardSubject } from "./search-tutors";

/** How far ahead the profile page lists open slots. */
export const PROFILE_SLOT_DAYS = 14;
/** How many of the latest reviews the profile page lists. */
export const PROFILE_REVIEW_COUNT = 10;

export type TTutorProfile = {
  id: string;
  name: string;
  headline: string;
  bio: string;
  subjects: TTutorCardSubject[];
  lessonLengths: number[];
  isInstantBooking: boolean;
  isBookable: boolean;
  /** The tutor's own IANA zone (shown beside the viewer's). */
  timeZone: string;
  /** The length the slots are for: the requested one if offered, else the browse length. */
  durationMinutes: number;
  /** Open slots of `durationMinutes` for the next 14 days (empty when not bookable). */
  slots: TSlot[];
  /** Average and count of published ratings; null below 3 ratings. */
  rating: TRatingSummary | null;
  /** The latest published reviews, the rater as "First I." only. */
  reviews: TTutorReview[];
  /** Over the 90 days before `now`; its rateBps is null below 5 lessons (then the page shows nothing). */
  cancellation: TTutorCancellationRate;
};

/**
 * A tutor's public profile page: public columns read as the visitor, open slots from the one engine as
 * service (busy time is other people's bookings; only free instants leave), the rating summary and latest
 * reviews (through the public rating functions: no rater id or email) and the 90-day cancellation rate.
 * not_found for a non-tutor.
 */
export async function getTutorProfile(options: {
  db: Db;
  viewer: TAppViewer | null;
  tutorId: string;
  durationMinutes?: number;
  now: Date;
}): Promise<TTutorProfile> {
  const { db, viewer, tutorId, now } = options;
  const publicPart = await asVisitor(db, viewer, async (tx) => {
    const [row] = await tx<
      { name: string; headline: string; bio: string; lesson_lengths: number[]; is_instant_booking: boolean; is_bookable: boolean }[]
    >`
      select tp.display_name as name, tp.headline, tp.bio, bs.lesson_lengths, bs.is_instant_booking,
        public.is_tutor_bookable(tp.tutor_id) as is_bookable
      from public.tutor_profiles tp join public.tutor_booking_settings bs on bs.tutor_id = tp.tutor_id
      where tp.tutor_id = ${tutorId}`;
    if (!row) return null;
    const subjects = await tx<TTutorCardSubject[]>`
      select s.id, s.slug, s.name, ts.price_cents::int as price_cents, ts.currency
      from public.tutor_subjects ts join public.subjects s on s.id = ts.subject_id
      where ts.tutor_id = ${tutorId} order by s.name`;
    return { ...row, subjects: [...subjects] };
  });
  if (!publicPart) throw new AppError("not_found", "There is no tutor with that id.");

  const lessonLengths = [...publicPart.lesson_lengths].map(Number).sort((a, b) => a - b);
  const durationMinutes =
    options.durationMinutes !== undefined && lessonLengths.includes(options.durationMinutes)
      ? options.durationMinutes
      : browseLessonLength(lessonLengths);
  const { availability, slots } = await asService(db, (tx) =>
    listOpenSlots({ tx, tutorId, durationMinutes, now, days: PROFILE_SLOT_DAYS }),
  );
  // Public by design: the rating functions never return a rater's id or email; the rate is counts only.
  const [ratings, reviews, cancellation] = await Promise.all([
    getTutorRatingSummaries(db, [tutorId]),
    listTutorReviews(db, { tutorId, limit: PROFILE_REVIEW_COUNT }),
    getTutorCancellationRate({ db, tutorId, now }),
  ]);
  const isBookable = publicPart.is_bookable && publicPart.subjects.length > 0;
  return {
    id: tutorId,
    name: publicPart.name,
    headline: publicPart.headline,
    bio: publicPart.bio,
    subjects: publicPart.subjects,
    lessonLengths,
    isInstantBooking: publicPart.is_instant_booking,
    isBookable,
    timeZone: availability.timeZone,
    durationMinutes,
    slots: isBookable ? slots : [],
    rating: ratings.get(tutorId) ?? null,
    reviews,
    cancellation,
  };
}
