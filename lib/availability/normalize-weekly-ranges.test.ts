import { describe, expect, it } from "vitest";
import { normalizeDayRanges } from "./normalize-day-ranges";
import { normalizeWeeklyRanges } from "./normalize-weekly-ranges";
import type { TWeeklyRule } from "./types";

const monday = (start: string, end: string): TWeeklyRule => ({ weekday: 1, start, end });

describe("normalizeWeeklyRanges (the weekly editor's validator)", () => {
  it("merges overlapping and adjacent ranges per weekday and sorts by weekday, then start", () => {
    const result = normalizeWeeklyRanges([
      { weekday: 3, start: "14:00", end: "16:00" },
      monday("11:00", "13:00"),
      monday("09:00", "12:00"),
      monday("13:00", "14:00"),
      monday("18:00", "24:00"),
      { weekday: 0, start: "00:00", end: "02:00" },
    ]);
    expect(result).toEqual({
      ok: true,
      rules: [
        { weekday: 0, start: "00:00", end: "02:00" },
        monday("09:00", "14:00"),
        monday("18:00", "24:00"),
        { weekday: 3, start: "14:00", end: "16:00" },
      ],
    });
  });

  it("refuses overlaps when asked, naming the weekday and both ranges, and pointing at both inputs", () => {
    const result = normalizeWeeklyRanges(
      [{ weekday: 2, start: "08:00", end: "09:00" }, monday("09:00", "12:00"), monday("11:00", "13:00")],
      { overlaps: "refuse" },
    );
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          code: "overlap",
          weekday: 1,
          message: "Monday: 11:00–13:00 overlaps 09:00–12:00: merge them into one range or change one of them.",
          indexes: [1, 2],
        },
      ],
    });
  });

  it("still merges adjacent ranges silently when refusing overlaps", () => {
    const result = normalizeWeeklyRanges([monday("09:00", "10:00"), monday("10:00", "11:00")], { overlaps: "refuse" });
    expect(result).toEqual({ ok: true, rules: [monday("09:00", "11:00")] });
  });

  it("reports a duplicated range as an overlap", () => {
    const result = normalizeWeeklyRanges([monday("09:00", "10:00"), monday("09:00", "10:00")], { overlaps: "refuse" });
    expect(result.ok ? [] : result.issues.map((issue) => issue.code)).toEqual(["overlap"]);
  });

  it.each([
    ["a malformed time", monday("9:00", "10:00"), "invalid_time", 'Monday: "9:00" is not a time'],
    ["an hour past 23", monday("09:00", "25:00"), "invalid_time", 'Monday: "25:00" is not a time'],
    ["a start at 24:00", monday("24:00", "24:00"), "invalid_time", "Monday: A range can't start at 24:00"],
    ["an end before the start", monday("10:00", "09:00"), "empty_range", "Monday: 10:00–09:00 must end after it starts"],
    ["an empty range", monday("10:00", "10:00"), "empty_range", "Monday: 10:00–10:00 must end after it starts"],
    [
      "a weekday out of range",
      { weekday: 7, start: "09:00", end: "10:00" } as unknown as TWeeklyRule,
      "invalid_weekday",
      "7 is not a weekday",
    ],
  ])("refuses %s with a clear message", (_name, rule, code, messageStart) => {
    const result = normalizeWeeklyRanges([monday("12:00", "13:00"), rule]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]?.code).toBe(code);
    expect(result.issues[0]?.message.startsWith(messageStart)).toBe(true);
    expect(result.issues[0]?.indexes).toEqual([1]);
  });
});

describe("normalizeDayRanges (one date's ranges, as an override's replacement hours)", () => {
  it("merges and sorts", () => {
    expect(
      normalizeDayRanges([
        { start: "15:00", end: "17:00" },
        { start: "08:00", end: "12:00" },
        { start: "11:00", end: "12:30" },
      ]),
    ).toEqual({
      ok: true,
      ranges: [
        { start: "08:00", end: "12:30" },
        { start: "15:00", end: "17:00" },
      ],
    });
  });

  it("accepts no ranges (a day off)", () => {
    expect(normalizeDayRanges([])).toEqual({ ok: true, ranges: [] });
  });
});
