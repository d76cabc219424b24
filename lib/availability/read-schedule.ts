import { minutesToMs, parseLocalDate, parseLocalTime } from "./local-time";
import { normalizeDayRanges } from "./normalize-day-ranges";
import type { TDateOverride, TLocalRange, TWeekday, TWeeklyRule } from "./types";

/** A merged local range as wall-clock milliseconds after local midnight, [startWallMs, endWallMs). */
export type TWallRange = { startWallMs: number; endWallMs: number };

/** The ranges that apply on a local date: its override's if it has one, else its weekday's. */
export type TSchedule = { rangesFor: (dayNumber: number, weekday: TWeekday) => readonly TWallRange[] };

/**
 * Validates and merges the weekly rules and overrides once per call. Malformed input throws a RangeError
 * naming the problem: the editor's validator (normalizeWeeklyRanges) keeps it out of storage, so reaching
 * this is a bug in the caller, not something to guess around.
 */
export function readSchedule(weeklyRules: readonly TWeeklyRule[], overrides: readonly TDateOverride[]): TSchedule {
  const unknownWeekday = weeklyRules.find((rule) => !(Number.isInteger(rule.weekday) && rule.weekday >= 0 && rule.weekday <= 6));
  if (unknownWeekday) throw new RangeError(`weekly rule weekday must be 0–6, got ${String(unknownWeekday.weekday)}`);
  const weekly: TWallRange[][] = [];
  for (let weekday = 0; weekday < 7; weekday += 1) {
    const ranges = weeklyRules.filter((rule) => rule.weekday === weekday);
    weekly.push(toWallRanges(ranges, `weekday ${weekday}`));
  }

  const byDate = new Map<number, TWallRange[]>();
  for (const override of overrides) {
    const dayNumber = parseLocalDate(override.date);
    if (dayNumber === null) throw new RangeError(`override date "${override.date}" is not a YYYY-MM-DD date`);
    if (byDate.has(dayNumber)) throw new RangeError(`two overrides for ${override.date}`);
    byDate.set(dayNumber, override.kind === "day_off" ? [] : toWallRanges(override.ranges, `override ${override.date}`));
  }
  return { rangesFor: (dayNumber, weekday) => byDate.get(dayNumber) ?? weekly[weekday] ?? [] };
}

function toWallRanges(ranges: readonly TLocalRange[], label: string): TWallRange[] {
  if (ranges.length === 0) return [];
  const result = normalizeDayRanges(ranges, { overlaps: "merge" });
  if (!result.ok) throw new RangeError(`${label}: ${result.issues.map((issue) => issue.message).join(" ")}`);
  return result.ranges.map((range) => ({
    startWallMs: minutesToMs(parseLocalTime(range.start) ?? 0),
    endWallMs: minutesToMs(parseLocalTime(range.end) ?? 0),
  }));
}
