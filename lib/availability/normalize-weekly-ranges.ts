import { WEEKDAY_NAMES } from "./constants";
import { normalizeDayRanges, type TOverlapPolicy, type TRangeIssueCode } from "./normalize-day-ranges";
import type { TLocalRange, TWeekday, TWeeklyRule } from "./types";

/** `indexes` point into the input list; messages start with the weekday ("Monday: 09:00–12:00 overlaps …"). */
export type TWeeklyRangeIssue = {
  code: TRangeIssueCode | "invalid_weekday";
  weekday: TWeekday | null;
  message: string;
  indexes: number[];
};

export type TNormalizeWeeklyRangesResult = { ok: true; rules: TWeeklyRule[] } | { ok: false; issues: TWeeklyRangeIssue[] };

/**
 * The weekly editor's validator: every time well-formed ("HH:MM", "24:00" only as an end), every range
 * ending after it starts, and per weekday the ranges sorted with adjacent ones merged; overlapping ones
 * merged (`overlaps: "merge"`, the default) or reported with a message naming both (`"refuse"`). On success
 * `rules` is sorted by weekday, then start. `generateSlots` applies the same merge to whatever it is given.
 */
export function normalizeWeeklyRanges(
  rules: readonly TWeeklyRule[],
  { overlaps = "merge" }: { overlaps?: TOverlapPolicy } = {},
): TNormalizeWeeklyRangesResult {
  const issues: TWeeklyRangeIssue[] = [];
  const byWeekday = new Map<TWeekday, { ranges: TLocalRange[]; inputIndexes: number[] }>();
  rules.forEach((rule, index) => {
    if (!isWeekday(rule.weekday)) {
      const message = `${String(rule.weekday)} is not a weekday: use 0 (Sunday) to 6 (Saturday).`;
      issues.push({ code: "invalid_weekday", weekday: null, message, indexes: [index] });
      return;
    }
    const group = byWeekday.get(rule.weekday) ?? { ranges: [], inputIndexes: [] };
    group.ranges.push({ start: rule.start, end: rule.end });
    group.inputIndexes.push(index);
    byWeekday.set(rule.weekday, group);
  });

  const normalized: TWeeklyRule[] = [];
  for (const weekday of [...byWeekday.keys()].sort((a, b) => a - b)) {
    const group = byWeekday.get(weekday);
    if (!group) continue;
    const result = normalizeDayRanges(group.ranges, { overlaps });
    if (result.ok) {
      normalized.push(...result.ranges.map((range) => ({ weekday, ...range })));
      continue;
    }
    for (const issue of result.issues) {
      issues.push({
        code: issue.code,
        weekday,
        message: `${WEEKDAY_NAMES[weekday]}: ${issue.message}`,
        indexes: issue.indexes.map((groupIndex) => group.inputIndexes[groupIndex] ?? groupIndex),
      });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, rules: normalized };
}

function isWeekday(value: unknown): value is TWeekday {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 6;
}
