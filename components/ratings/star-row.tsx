import { RATING_STARS } from "@/lib/ratings/rating-rules";

/**
 * Five stars filled to `value` (a fraction fills part of a star). Decorative: the caller
 * gives the accessible text ("Rated 4.7 out of 5").
 */
export function StarRow({ value, className }: { value: number; className?: string }) {
  return (
    <span aria-hidden="true" className={`inline-flex items-center gap-0.5 ${className ?? "text-base"}`}>
      {RATING_STARS.map((star) => {
        const fill = Math.max(0, Math.min(1, value - (star - 1)));
        return (
          <span key={star} className="relative inline-block leading-none text-slate-300">
            ★
            <span className="absolute inset-0 overflow-hidden text-amber-500" style={{ width: `${fill * 100}%` }}>
              ★
            </span>
          </span>
        );
      })}
    </span>
  );
}
