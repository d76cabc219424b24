"use client";

import { WEEKDAY_NAMES, type TLocalRange, type TWeekday, type TWeeklyRule } from "@/lib/availability";
import { RangeListEditor } from "./range-list-editor";

/** Monday first, as the calendar shows the week. */
const WEEK_ORDER: TWeekday[] = [1, 2, 3, 4, 5, 6, 0];

/** The weekly hours: per weekday any number of ranges. Overlapping ranges are merged on save (said on the page). */
export function WeeklyHoursEditor({ rules, onChange }: { rules: readonly TWeeklyRule[]; onChange: (rules: TWeeklyRule[]) => void }) {
  const rangesOf = (weekday: TWeekday) => rules.filter((rule) => rule.weekday === weekday).map(({ start, end }) => ({ start, end }));
  const replaceDay = (weekday: TWeekday, ranges: TLocalRange[]) =>
    onChange([...rules.filter((rule) => rule.weekday !== weekday), ...ranges.map((range) => ({ weekday, ...range }))]);
  return (
    <div className="flex flex-col divide-y divide-slate-200">
      {WEEK_ORDER.map((weekday) => (
        <fieldset key={weekday} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:gap-4" data-testid={`weekday-${weekday}`}>
          <legend className="float-left w-28 shrink-0 pt-2 text-sm font-semibold text-slate-900">{WEEKDAY_NAMES[weekday]}</legend>
          <div className="clear-both sm:clear-none">
            <RangeListEditor
              idPrefix={`weekly-${weekday}`}
              label={WEEKDAY_NAMES[weekday]}
              ranges={rangesOf(weekday)}
              onChange={(ranges) => replaceDay(weekday, ranges)}
            />
          </div>
        </fieldset>
      ))}
    </div>
  );
}
