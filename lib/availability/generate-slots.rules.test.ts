import { describe, expect, it } from "vitest";
import { DEFAULT_HORIZON_DAYS } from "./constants";
import { at, slotsFor, startsOf } from "./test-fixtures";

/** Notice, horizon, buffers, overrides and range handling, in UTC so the instants read as wall times. */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const everyDay = (start: string, end: string) => [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday: weekday as 0, start, end }));
const tuesday = (start: string, end: string) => [{ weekday: 2 as const, start, end }];
const TUESDAY = "2026-12-01";

describe("minimum notice: a slot starts at or after now + notice", () => {
  const slotAt = Date.parse(`${TUESDAY}T10:00:00Z`);
  const call = (nowMs: number) =>
    startsOf(
      slotsFor({
        timeZone: "UTC",
        weeklyRules: tuesday("10:00", "11:00"),
        now: new Date(nowMs),
        settings: { minimumNoticeMinutes: 120, horizonDays: 1 },
      }),
    );
  it.each([
    ["exactly at the boundary", 0, true],
    ["1 ms inside the notice", 1, false],
    ["1 ms before the boundary", -1, true],
  ])("%s", (_name, shiftMs, isOffered) => {
    expect(call(slotAt - 2 * HOUR + shiftMs)).toEqual(isOffered ? [`${TUESDAY}T10:00:00Z`] : []);
  });
});

describe("horizon: a slot starts before now + horizonDays × 24 h", () => {
  const slotAt = Date.parse(`${TUESDAY}T10:00:00Z`);
  const call = (nowMs: number, horizonDays?: number) =>
    startsOf(slotsFor({ timeZone: "UTC", weeklyRules: tuesday("10:00", "11:00"), now: new Date(nowMs), settings: { horizonDays } }));
  it.each([
    ["a start exactly at the horizon is out", 0, false],
    ["a start 1 ms before the horizon is in", 1, true],
    ["a start 1 ms after the horizon is out", -1, false],
  ])("%s", (_name, shiftMs, isOffered) => {
    expect(call(slotAt - 3 * DAY + shiftMs, 3)).toEqual(isOffered ? [`${TUESDAY}T10:00:00Z`] : []);
  });

  it(`defaults to ${DEFAULT_HORIZON_DAYS} days and may end after the horizon`, () => {
    const slots = slotsFor({
      timeZone: "UTC",
      weeklyRules: everyDay("09:00", "10:30"),
      now: at(`${TUESDAY}T09:30:00Z`),
      settings: { horizonDays: undefined, durationMinutes: 60, stepMinutes: 30 },
    });
    // Today's 09:30 (09:00 has passed), both starts on the next 13 days, and day 15's 09:00 (its 09:30 is the horizon).
    expect(slots).toHaveLength(1 + 2 * (DEFAULT_HORIZON_DAYS - 1) + 1);
    expect(startsOf(slots).at(-1)).toBe("2026-12-15T09:00:00Z");
    expect(slots.at(-1)?.endAt.getTime()).toBeGreaterThan(Date.parse(`${TUESDAY}T09:30:00Z`) + 14 * DAY);
  });
});

describe("buffers: the slot's buffered span must miss each busy interval's buffered span", () => {
  const call = (busyStart: string, busyEnd: string, extra: { bufferBeforeMinutes?: number; bufferAfterMinutes?: number } = {}) =>
    startsOf(
      slotsFor({
        timeZone: "UTC",
        weeklyRules: tuesday("09:00", "16:00"),
        now: at(`${TUESDAY}T00:00:00Z`),
        busy: [{ startAt: at(`${TUESDAY}T${busyStart}:00Z`), endAt: at(`${TUESDAY}T${busyEnd}:00Z`), ...extra }],
        settings: { stepMinutes: 30, bufferBeforeMinutes: 15, bufferAfterMinutes: 15, horizonDays: 1 },
      }),
    ).map((start) => start.slice(11, 16));

  it("allows a slot whose buffered end touches the busy interval's buffered start, and one starting where the buffered end is", () => {
    // Busy 12:00–13:00 buffered is 11:45–13:15; slot 10:30–11:30 buffered is 10:15–11:45; slot 13:30 buffered starts 13:15.
    expect(call("12:00", "13:00")).toEqual(["09:00", "09:30", "10:00", "10:30", "13:30", "14:00", "14:30", "15:00"]);
  });

  it("refuses the slot when the busy time overlaps its buffer by one minute, on either side", () => {
    expect(call("11:59", "13:00")).not.toContain("10:30");
    expect(call("12:00", "13:01")).not.toContain("13:30");
    expect(call("11:59", "13:01")).toEqual(["09:00", "09:30", "10:00", "14:00", "14:30", "15:00"]);
  });

  it("widens a busy interval by its own buffers when given (the ones stored on its booking)", () => {
    expect(call("12:00", "13:00", { bufferAfterMinutes: 30 })).toEqual(["09:00", "09:30", "10:00", "10:30", "14:00", "14:30", "15:00"]);
    expect(call("12:00", "13:00", { bufferBeforeMinutes: 0 })).toEqual([
      "09:00",
      "09:30",
      "10:00",
      "10:30",
      "13:30",
      "14:00",
      "14:30",
      "15:00",
    ]);
  });

  it("puts lessons back to back when there are no buffers", () => {
    const slots = slotsFor({
      timeZone: "UTC",
      weeklyRules: tuesday("09:00", "12:00"),
      now: at(`${TUESDAY}T00:00:00Z`),
      busy: [{ startAt: at(`${TUESDAY}T10:00:00Z`), endAt: at(`${TUESDAY}T11:00:00Z`) }],
      settings: { horizonDays: 1 },
    });
    expect(startsOf(slots)).toEqual([`${TUESDAY}T09:00:00Z`, `${TUESDAY}T11:00:00Z`]);
  });
});

describe("date overrides", () => {
  const base = { timeZone: "UTC", weeklyRules: everyDay("09:00", "11:00"), now: at(`${TUESDAY}T00:00:00Z`), settings: { horizonDays: 3 } };

  it("a day off removes that date's slots only", () => {
    const slots = slotsFor({ ...base, overrides: [{ date: "2026-12-02", kind: "day_off" }] });
    expect(startsOf(slots)).toEqual(["2026-12-01T09:00:00Z", "2026-12-01T10:00:00Z", "2026-12-03T09:00:00Z", "2026-12-03T10:00:00Z"]);
  });

  it("replacement hours replace that date's weekly ranges (and an empty list is a day off)", () => {
    const slots = slotsFor({
      ...base,
      overrides: [
        { date: "2026-12-02", kind: "hours", ranges: [{ start: "15:00", end: "17:00" }] },
        { date: "2026-12-03", kind: "hours", ranges: [] },
      ],
    });
    expect(startsOf(slots)).toEqual(["2026-12-01T09:00:00Z", "2026-12-01T10:00:00Z", "2026-12-02T15:00:00Z", "2026-12-02T16:00:00Z"]);
  });

  it("adds hours on a weekday without rules", () => {
    const slots = slotsFor({
      ...base,
      weeklyRules: [],
      overrides: [{ date: "2026-12-02", kind: "hours", ranges: [{ start: "08:00", end: "09:00" }] }],
    });
    expect(startsOf(slots)).toEqual(["2026-12-02T08:00:00Z"]);
  });
});

describe("ranges and steps", () => {
  const call = (weeklyRules: ReturnType<typeof tuesday>, durationMinutes: number, stepMinutes: 15 | 30 | 60) =>
    startsOf(
      slotsFor({
        timeZone: "UTC",
        weeklyRules,
        now: at(`${TUESDAY}T00:00:00Z`),
        settings: { durationMinutes, stepMinutes, horizonDays: 1 },
      }),
    ).map((start) => start.slice(11, 16));

  it("merges overlapping and adjacent ranges, so a lesson can run across the seam", () => {
    expect(call([...tuesday("09:00", "10:00"), ...tuesday("10:00", "11:00")], 60, 30)).toEqual(["09:00", "09:30", "10:00"]);
    expect(call([...tuesday("09:00", "10:30"), ...tuesday("10:00", "11:00")], 60, 30)).toEqual(["09:00", "09:30", "10:00"]);
  });

  it("aligns starts to the step from the range's start, and fits floor((length − duration) / step) + 1 lessons", () => {
    expect(call(tuesday("09:10", "12:00"), 90, 30)).toEqual(["09:10", "09:40", "10:10"]);
    expect(call(tuesday("09:00", "10:00"), 45, 15)).toEqual(["09:00", "09:15"]);
    expect(call(tuesday("09:00", "09:45"), 60, 15)).toEqual([]);
  });
});

describe("malformed input is a RangeError, never a silent guess", () => {
  const base = { timeZone: "UTC", weeklyRules: tuesday("09:00", "10:00"), now: at(`${TUESDAY}T00:00:00Z`) };
  it.each([
    ["an unknown zone", { timeZone: "Mars/Olympus_Mons" }, /Unknown time zone/],
    ["a time that isn't one", { weeklyRules: tuesday("9:00", "10:00") }, /"9:00" is not a time/],
    ["a range ending before it starts", { weeklyRules: tuesday("10:00", "09:00") }, /must end after it starts/],
    ["a bad setting", { settings: { durationMinutes: 0 } }, /durationMinutes must be a whole number ≥ 1/],
    ["an override on no date", { overrides: [{ date: "2026-02-30", kind: "day_off" as const }] }, /is not a YYYY-MM-DD date/],
    [
      "busy time ending before it starts",
      { busy: [{ startAt: at(`${TUESDAY}T10:00:00Z`), endAt: at(`${TUESDAY}T09:00:00Z`) }] },
      /busy\[0\]/,
    ],
  ])("%s", (_name, change, message) => {
    expect(() => slotsFor({ ...base, ...change })).toThrow(message);
  });
});
