import type { ReactNode } from "react";
import { formatRatingSummary, MIN_RATINGS_FOR_SUMMARY, type TRatingSummary } from "@/lib/ratings/rating-rules";
import { StarRow } from "./star-row";

/**
 * A tutor's average for browse cards and profile pages: stars and "4.7 (12)". The summary
 * comes from getTutorRatingSummaries (lib/ratings), which leaves out tutors with fewer than
 * 3 ratings; for them this shows `empty` (nothing by default).
 */
export function RatingSummary({
  summary,
  empty = null,
  className,
}: {
  summary: TRatingSummary | null | undefined;
  empty?: ReactNode;
  className?: string;
}) {
  if (!summary || summary.count < MIN_RATINGS_FOR_SUMMARY) return <>{empty}</>;
  const label = `Rated ${summary.average.toFixed(1)} out of 5 from ${summary.count} ${summary.count === 1 ? "review" : "reviews"}`;
  return (
    <span
      role="img"
      aria-label={label}
      title={label}
      data-testid="rating-summary"
      className={`inline-flex items-center gap-1.5 text-sm ${className ?? ""}`}
    >
      <StarRow value={summary.average} />
      <span className="font-medium text-slate-800">{formatRatingSummary(summary)}</span>
    </span>
  );
}
