import { AppError } from "@/lib/api/errors";
import { ratingRefusal, type TRatableLesson } from "@/lib/ratings/rating-rules";

/** Throws why this lesson cannot be rated (README "Ratings"); returns when it can. */
export function assertLessonRatable(lesson: TRatableLesson): void {
  switch (ratingRefusal(lesson)) {
    case null:
      return;
    case "not_completed":
      throw new AppError("too_early", "You can rate this lesson once it has been completed.", { reason: "not_completed" });
    case "no_show":
      throw new AppError("conflict", "A lesson marked as a student no-show can't be rated.", { reason: "no_show" });
    case "cancelled":
      throw new AppError("conflict", "A cancelled lesson can't be rated.", { reason: "cancelled" });
    case "short":
      throw new AppError("conflict", "This lesson ended early and is waiting for review; it can't be rated yet.", { reason: "short" });
    case "disputed":
      throw new AppError("conflict", "This lesson is disputed; it can be rated once the dispute is resolved.", { reason: "disputed" });
  }
}
