"use client";

import type { TTutorAvailabilityRequest } from "@/lib/availability/save-tutor-availability-schema";
import { Button } from "@/components/ui/button";
import { RangeListEditor } from "./range-list-editor";

type TOverride = TTutorAvailabilityRequest["overrides"][number];

const INPUT =
  "min-h-10 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-base text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600";

/** One date off, or other hours on one date; dates are on the tutor's calendar, today or later. */
export function DateOverridesEditor({
  overrides,
  today,
  onChange,
}: {
  overrides: readonly TOverride[];
  today: string;
  onChange: (overrides: TOverride[]) => void;
}) {
  const update = (index: number, next: TOverride) => onChange(overrides.map((override, i) => (i === index ? next : override)));
  return (
    <div className="flex flex-col gap-3">
      {overrides.length === 0 ? <p className="text-sm text-slate-600">No date overrides: every date follows the weekly hours.</p> : null}
      <ul className="flex flex-col gap-3">
        {overrides.map((override, index) => (
          <li key={index} className="flex flex-col gap-2 rounded-md border border-slate-200 p-3" data-testid="override">
            <div className="flex flex-wrap items-end gap-3">
              <div className="flex flex-col gap-1">
                <label htmlFor={`override-${index}-date`} className="text-sm font-medium text-slate-800">
                  Date
                </label>
                <input
                  id={`override-${index}-date`}
                  type="date"
                  min={today}
                  className={INPUT}
                  value={override.date}
                  onChange={(event) => update(index, { ...override, date: event.target.value })}
                />
              </div>
              <div className="flex flex-col gap-1">
                <label htmlFor={`override-${index}-kind`} className="text-sm font-medium text-slate-800">
                  On that date
                </label>
                <select
                  id={`override-${index}-kind`}
                  className={INPUT}
                  value={override.kind}
                  onChange={(event) =>
                    update(
                      index,
                      event.target.value === "day_off"
                        ? { date: override.date, kind: "day_off" }
                        : { date: override.date, kind: "hours", ranges: [{ start: "09:00", end: "12:00" }] },
                    )
                  }
                >
                  <option value="day_off">Day off</option>
                  <option value="hours">Different hours</option>
                </select>
              </div>
              <Button
                variant="ghost"
                onClick={() => onChange(overrides.filter((_, i) => i !== index))}
                aria-label={`Remove the override on ${override.date || "this date"}`}
              >
                Remove
              </Button>
            </div>
            {override.kind === "hours" ? (
              <RangeListEditor
                idPrefix={`override-${index}`}
                label={override.date || `override ${index + 1}`}
                ranges={override.ranges}
                onChange={(ranges) => update(index, { ...override, ranges })}
              />
            ) : null}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => onChange([...overrides, { date: today, kind: "day_off" }])}>
          Add a day off
        </Button>
        <Button
          variant="secondary"
          onClick={() => onChange([...overrides, { date: today, kind: "hours", ranges: [{ start: "09:00", end: "12:00" }] }])}
        >
          Add different hours on a date
        </Button>
      </div>
    </div>
  );
}
