import { describe, expect, it } from "vitest";
import { at, slotsFor, startsOf } from "./test-fixtures";
import type { TWeekday } from "./types";

/** The defects of the system this engine replaces (issue 9), each pinned by name. */

/** `count` hourly ISO instants from `firstIso`. */
function hourly(firstIso: string, count: number): string[] {
  const first = Date.parse(firstIso);
  return Array.from({ length: count }, (_, index) => new Date(first + index * 3_600_000).toISOString().replace(".000Z", "Z"));
}

const afternoon = (weekday: TWeekday) => ({ weekday, start: "13:00", end: "20:00" });

describe("regressions of the replaced scheduler", () => {
  it("reads availability in the tutor's zone, not as UTC (Port of Spain 15:00 is 19:00Z, not 15:00Z)", () => {
    const slots = slotsFor({
      timeZone: "America/Port_of_Spain",
      weeklyRules: [{ weekday: 2, start: "15:00", end: "17:00" }],
      now: at("2026-11-30T12:00:00Z"),
      settings: { horizonDays: 2 },
    });
    expect(startsOf(slots)).toEqual(["2026-12-01T19:00:00Z", "2026-12-01T20:00:00Z"]);
  });

  it("offers the rest of the tutor's today when it is 23:30 where the tutor is", () => {
    const slots = slotsFor({
      timeZone: "Asia/Tokyo",
      weeklyRules: [{ weekday: 2, start: "22:00", end: "24:00" }],
      now: at("2026-12-01T14:30:00Z"), // Tuesday 23:30 in Tokyo
      settings: { durationMinutes: 15, stepMinutes: 15, horizonDays: 1 },
    });
    expect(startsOf(slots)).toEqual(["2026-12-01T14:30:00Z", "2026-12-01T14:45:00Z"]);
  });

  it("offers the tutor's today to a student for whom it is 23:30 yesterday (the viewer's zone plays no part)", () => {
    // 23:30 on Monday in Los Angeles is 07:30 on Tuesday in London, where the tutor teaches 09:00–12:00.
    const slots = slotsFor({
      timeZone: "Europe/London",
      weeklyRules: [{ weekday: 2, start: "09:00", end: "12:00" }],
      now: at("2026-12-01T07:30:00Z"),
      settings: { horizonDays: 1 },
    });
    expect(startsOf(slots)).toEqual(["2026-12-01T09:00:00Z", "2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z"]);
  });

  it("keeps the last slot of a range ending at midnight (24:00)", () => {
    const slots = slotsFor({
      timeZone: "Europe/Berlin",
      weeklyRules: [{ weekday: 2, start: "22:00", end: "24:00" }],
      now: at("2026-12-01T00:00:00Z"),
      settings: { durationMinutes: 30, stepMinutes: 30, horizonDays: 1 },
    });
    expect(startsOf(slots)).toEqual(["2026-12-01T21:00:00Z", "2026-12-01T21:30:00Z", "2026-12-01T22:00:00Z", "2026-12-01T22:30:00Z"]);
    expect(slots.at(-1)?.endAt.toISOString()).toBe("2026-12-01T23:00:00.000Z");
  });

  it("keeps a range ending at 24:00 whole when the next midnight doesn't exist (Santiago jumps 00:00 → 01:00)", () => {
    const slots = slotsFor({
      timeZone: "America/Santiago",
      weeklyRules: [{ weekday: 6, start: "23:00", end: "24:00" }],
      now: at("2026-09-05T12:00:00Z"),
      settings: { horizonDays: 1 },
    });
    expect(slots.map((slot) => [slot.startAt.toISOString(), slot.endAt.toISOString()])).toEqual([
      ["2026-09-06T03:00:00.000Z", "2026-09-06T04:00:00.000Z"],
    ]);
  });

  it("doesn't let a cancelled lesson block: only the busy time passed in blocks, and an empty list frees the slot", () => {
    const call = {
      timeZone: "UTC",
      weeklyRules: [{ weekday: 2 as const, start: "10:00", end: "12:00" }],
      now: at("2026-12-01T00:00:00Z"),
      settings: { horizonDays: 1 },
    };
    const lesson = { startAt: at("2026-12-01T10:00:00Z"), endAt: at("2026-12-01T11:00:00Z") };
    expect(startsOf(slotsFor({ ...call, busy: [lesson] }))).toEqual(["2026-12-01T11:00:00Z"]);
    // The caller leaves cancelled, declined and expired bookings out of `busy` (lib/availability/types.ts).
    expect(startsOf(slotsFor({ ...call, busy: [] }))).toEqual(["2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z"]);
  });

  describe("a 13:00–20:00 schedule around the clock changes (the day before, the change day, the day after)", () => {
    const weeklyRules = [afternoon(6), afternoon(0), afternoon(1)];
    const cases = [
      {
        name: "America/New_York, spring forward on Sunday 8 March 2026",
        now: "2026-03-06T00:00:00Z",
        expected: [...hourly("2026-03-07T18:00:00Z", 7), ...hourly("2026-03-08T17:00:00Z", 7), ...hourly("2026-03-09T17:00:00Z", 7)],
      },
      {
        name: "America/New_York, fall back on Sunday 1 November 2026",
        now: "2026-10-30T00:00:00Z",
        expected: [...hourly("2026-10-31T17:00:00Z", 7), ...hourly("2026-11-01T18:00:00Z", 7), ...hourly("2026-11-02T18:00:00Z", 7)],
      },
      {
        name: "Europe/London, spring forward on Sunday 29 March 2026",
        now: "2026-03-27T00:00:00Z",
        expected: [...hourly("2026-03-28T13:00:00Z", 7), ...hourly("2026-03-29T12:00:00Z", 7), ...hourly("2026-03-30T12:00:00Z", 7)],
      },
      {
        name: "Europe/London, fall back on Sunday 25 October 2026",
        now: "2026-10-23T00:00:00Z",
        expected: [...hourly("2026-10-24T12:00:00Z", 7), ...hourly("2026-10-25T13:00:00Z", 7), ...hourly("2026-10-26T13:00:00Z", 7)],
      },
    ];
    it.each(cases)("$name", ({ name, now, expected }) => {
      const timeZone = name.split(",")[0] ?? "";
      const slots = slotsFor({ timeZone, weeklyRules, now: at(now), settings: { horizonDays: 5 } });
      expect(startsOf(slots)).toEqual(expected);
    });
  });
});
