import { formatLocalTime, parseLocalTime } from "./local-time";
import type { TLocalRange } from "./types";

export type TRangeIssueCode = "invalid_time" | "empty_range" | "overlap";

/** A problem with the ranges as given; `indexes` point into the input list (for highlighting in the editor). */
export type TRangeIssue = { code: TRangeIssueCode; message: string; indexes: number[] };

/** Overlapping ranges are merged into one ("merge") or reported as an issue ("refuse"). */
export type TOverlapPolicy = "merge" | "refuse";

export type TNormalizeDayRangesResult = { ok: true; ranges: TLocalRange[] } | { ok: false; issues: TRangeIssue[] };

type TParsedRange = { index: number; startMinute: number; endMinute: number };

/**
 * Validates one local day's ranges and returns them sorted, with overlapping and adjacent ranges merged
 * (09:00–10:00 + 10:00–11:00 → 09:00–11:00, so a lesson may run across the seam). With
 * `overlaps: "refuse"` an overlap is an issue instead; adjacent ranges are still merged silently.
 */
export function normalizeDayRanges(
  ranges: readonly TLocalRange[],
  { overlaps = "merge" }: { overlaps?: TOverlapPolicy } = {},
): TNormalizeDayRangesResult {
  const issues: TRangeIssue[] = [];
  const parsed: TParsedRange[] = [];
  ranges.forEach((range, index) => {
    const result = parseRange(range, index);
    if ("issue" in result) issues.push(result.issue);
    else parsed.push(result.range);
  });
  if (issues.length > 0) return { ok: false, issues };

  parsed.sort((a, b) => a.startMinute - b.startMinute || a.endMinute - b.endMinute);
  const merged: TParsedRange[] = [];
  for (const range of parsed) {
    const last = merged.at(-1);
    if (!last || range.startMinute > last.endMinute) {
      merged.push({ ...range });
      continue;
    }
    if (range.startMinute < last.endMinute && overlaps === "refuse") {
      issues.push(overlapIssue(ranges, last.index, range.index));
    }
    if (range.endMinute > last.endMinute) {
      last.endMinute = range.endMinute;
      last.index = range.index;
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    ranges: merged.map((range) => ({ start: formatLocalTime(range.startMinute), end: formatLocalTime(range.endMinute) })),
  };
}

function parseRange(range: TLocalRange, index: number): { range: TParsedRange } | { issue: TRangeIssue } {
  const startMinute = parseLocalTime(range.start);
  if (startMinute === null) return invalidTime(range.start, index);
  const endMinute = parseLocalTime(range.end);
  if (endMinute === null) return invalidTime(range.end, index);
  if (startMinute === 24 * 60) {
    const message = `A range can't start at 24:00 (that is the end of the day); start the next day at 00:00 instead.`;
    return { issue: { code: "invalid_time", message, indexes: [index] } };
  }
  if (endMinute <= startMinute) {
    const message = `${range.start}–${range.end} must end after it starts; a range can't run past midnight (use 24:00 and start the next day at 00:00).`;
    return { issue: { code: "empty_range", message, indexes: [index] } };
  }
  return { range: { index, startMinute, endMinute } };
}

function invalidTime(value: string, index: number): { issue: TRangeIssue } {
  const message = `"${value}" is not a time: use HH:MM on a 24-hour clock, from 00:00 to 24:00.`;
  return { issue: { code: "invalid_time", message, indexes: [index] } };
}

function overlapIssue(ranges: readonly TLocalRange[], earlierIndex: number, laterIndex: number): TRangeIssue {
  const earlier = ranges[earlierIndex];
  const later = ranges[laterIndex];
  const describe = (range: TLocalRange | undefined) => (range ? `${range.start}–${range.end}` : "another range");
  const message = `${describe(later)} overlaps ${describe(earlier)}: merge them into one range or change one of them.`;
  return { code: "overlap", message, indexes: [earlierIndex, laterIndex] };
}
