"use client";

import { RATING_STARS } from "@/lib/ratings/rating-rules";

/**
 * Stars as a native radio group: Tab reaches it, arrow keys move between 1 and 5, Space
 * picks; each radio is labelled "3 stars". The visible stars are the labels.
 */
export function StarRadioGroup({
  name,
  legend,
  value,
  onChange,
  disabled,
}: {
  name: string;
  legend: string;
  value: number | null;
  onChange: (stars: number) => void;
  disabled?: boolean;
}) {
  return (
    <fieldset className="flex flex-col gap-1" disabled={disabled}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className="flex flex-wrap items-center gap-1">
        {RATING_STARS.map((star) => {
          const id = `${name}-${star}`;
          const isLit = value !== null && star <= value;
          return (
            <span key={star} className="relative">
              <input
                id={id}
                type="radio"
                name={name}
                value={star}
                checked={value === star}
                onChange={() => onChange(star)}
                className="peer absolute inset-0 h-full w-full cursor-pointer opacity-0"
              />
              <label
                htmlFor={id}
                className={`block cursor-pointer rounded px-0.5 text-3xl leading-none peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-blue-600 ${
                  isLit ? "text-amber-500" : "text-slate-300"
                }`}
              >
                <span aria-hidden="true">★</span>
                <span className="sr-only">{star === 1 ? "1 star" : `${star} stars`}</span>
              </label>
            </span>
          );
        })}
        <span className="ml-2 text-sm text-slate-700" aria-hidden="true">
          {value === null ? "Pick 1 to 5 stars" : `${value} of 5`}
        </span>
      </div>
    </fieldset>
  );
}
