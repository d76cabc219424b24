"use client";

import type { TLocalRange } from "@/lib/availability";
import { Button } from "@/components/ui/button";
import { END_TIMES, START_TIMES } from "./time-options";

const SELECT =
  "min-h-10 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-base text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600";

/** Options for a picker, keeping a stored value that is not on the quarter-hour grid. */
function optionsWith(values: readonly string[], current: string): string[] {
  return values.includes(current) ? [...values] : [...values, current].sort();
}

/**
 * Any number of from–to ranges of one day, each a pair of selects (keyboard and phone friendly; the end
 * list offers 24:00, the end of the day, as the page says). `label` names the day for assistive technology.
 */
export function RangeListEditor({
  idPrefix,
  label,
  ranges,
  onChange,
  newRange = { start: "09:00", end: "17:00" },
}: {
  idPrefix: string;
  label: string;
  ranges: readonly TLocalRange[];
  onChange: (ranges: TLocalRange[]) => void;
  newRange?: TLocalRange;
}) {
  const update = (index: number, change: Partial<TLocalRange>) =>
    onChange(ranges.map((range, i) => (i === index ? { ...range, ...change } : range)));
  return (
    <div className="flex flex-col gap-2">
      {ranges.length === 0 ? <p className="text-sm text-slate-600">Not available.</p> : null}
      <ul className="flex flex-col gap-2">
        {ranges.map((range, index) => (
          <li key={index} className="flex flex-wrap items-center gap-2" data-testid={`${idPrefix}-range`}>
            <label className="sr-only" htmlFor={`${idPrefix}-${index}-start`}>
              {label}, range {index + 1}, from
            </label>
            <select
              id={`${idPrefix}-${index}-start`}
              className={SELECT}
              value={range.start}
              onChange={(event) => update(index, { start: event.target.value })}
            >
              {optionsWith(START_TIMES, range.start).map((time) => (
                <option key={time} value={time}>
                  {time}
                </option>
              ))}
            </select>
            <span aria-hidden="true">–</span>
            <label className="sr-only" htmlFor={`${idPrefix}-${index}-end`}>
              {label}, range {index + 1}, until
            </label>
            <select
              id={`${idPrefix}-${index}-end`}
              className={SELECT}
              value={range.end}
              onChange={(event) => update(index, { end: event.target.value })}
            >
              {optionsWith(END_TIMES, range.end).map((time) => (
                <option key={time} value={time}>
                  {time}
                </option>
              ))}
            </select>
            <Button
              variant="ghost"
              onClick={() => onChange(ranges.filter((_, i) => i !== index))}
              aria-label={`Remove ${label} range ${index + 1}`}
            >
              Remove
            </Button>
          </li>
        ))}
      </ul>
      <div>
        <Button variant="secondary" onClick={() => onChange([...ranges, newRange])} aria-label={`Add a range on ${label}`}>
          Add hours
        </Button>
      </div>
    </div>
  );
}
