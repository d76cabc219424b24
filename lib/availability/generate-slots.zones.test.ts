import { afterEach, describe, expect, it } from "vitest";
import { at, slotsFor, startsOf } from "./test-fixtures";

/** Zones with unusual offsets and days on which the clocks change. */

const sundayNight = [{ weekday: 0 as const, start: "00:00", end: "04:00" }];
const halfHours = { durationMinutes: 30, stepMinutes: 30 as const };

describe("zones whose offset is not a whole hour", () => {
  it("Asia/Kolkata (UTC+05:30): 09:00 local is 03:30Z", () => {
    const slots = slotsFor({
      timeZone: "Asia/Kolkata",
      weeklyRules: [{ weekday: 2, start: "09:00", end: "11:00" }],
      now: at("2026-11-30T12:00:00Z"),
      settings: { horizonDays: 2 },
    });
    expect(startsOf(slots)).toEqual(["2026-12-01T03:30:00Z", "2026-12-01T04:30:00Z"]);
  });

  it("Asia/Kathmandu (UTC+05:45): 09:00 local is 03:15Z", () => {
    const slots = slotsFor({
      timeZone: "Asia/Kathmandu",
      weeklyRules: [{ weekday: 2, start: "09:00", end: "10:30" }],
      now: at("2026-11-30T12:00:00Z"),
      settings: { ...halfHours, horizonDays: 2 },
    });
    expect(startsOf(slots)).toEqual(["2026-12-01T03:15:00Z", "2026-12-01T03:45:00Z", "2026-12-01T04:15:00Z"]);
  });
});

describe("a range across the spring-forward jump (America/New_York, 8 March 2026, 02:00 → 03:00)", () => {
  const now = at("2026-03-07T12:00:00Z");

  it("skips the start times that don't exist (02:00, 02:30) and keeps the rest of 00:00–04:00", () => {
    const slots = slotsFor({ timeZone: "America/New_York", weeklyRules: sundayNight, now, settings: { ...halfHours, horizonDays: 2 } });
    // 00:00, 00:30, 01:00, 01:30 EST (UTC−5), then 03:00, 03:30 EDT (UTC−4).
    expect(startsOf(slots)).toEqual([
      "2026-03-08T05:00:00Z",
      "2026-03-08T05:30:00Z",
      "2026-03-08T06:00:00Z",
      "2026-03-08T06:30:00Z",
      "2026-03-08T07:00:00Z",
      "2026-03-08T07:30:00Z",
    ]);
  });

  it("lets a lesson run across the jump: 60 minutes from 01:30 EST end at 03:30 EDT", () => {
    const slots = slotsFor({
      timeZone: "America/New_York",
      weeklyRules: sundayNight,
      now,
      settings: { durationMinutes: 60, stepMinutes: 30, horizonDays: 2 },
    });
    expect(startsOf(slots)).toEqual([
      "2026-03-08T05:00:00Z",
      "2026-03-08T05:30:00Z",
      "2026-03-08T06:00:00Z",
      "2026-03-08T06:30:00Z",
      "2026-03-08T07:00:00Z",
    ]);
    expect(slots.every((slot) => slot.endAt.getTime() - slot.startAt.getTime() === 3_600_000)).toBe(true);
  });

  it("ends a range whose end doesn't exist (00:00–02:30) at the jump, and starts one beginning inside it (02:30–05:00) after it", () => {
    const slots = slotsFor({
      timeZone: "America/New_York",
      weeklyRules: [
        { weekday: 0, start: "00:00", end: "02:30" },
        { weekday: 0, start: "02:30", end: "05:00" },
      ],
      now,
      settings: { durationMinutes: 60, stepMinutes: 30, horizonDays: 2 },
    });
    // The two ranges are adjacent and merge into 00:00–05:00: 4 real hours.
    expect(startsOf(slots)).toEqual([
      "2026-03-08T05:00:00Z",
      "2026-03-08T05:30:00Z",
      "2026-03-08T06:00:00Z",
      "2026-03-08T06:30:00Z",
      "2026-03-08T07:00:00Z",
      "2026-03-08T07:30:00Z",
      "2026-03-08T08:00:00Z",
    ]);
    const separate = slotsFor({
      timeZone: "America/New_York",
      weeklyRules: [{ weekday: 0, start: "00:00", end: "02:30" }],
      now,
      settings: { durationMinutes: 60, stepMinutes: 30, horizonDays: 2 },
    });
    expect(startsOf(separate)).toEqual(["2026-03-08T05:00:00Z", "2026-03-08T05:30:00Z", "2026-03-08T06:00:00Z"]);
  });
});

describe("a range across the fall-back repeat (America/New_York, 1 November 2026, 02:00 → 01:00)", () => {
  const now = at("2026-10-31T12:00:00Z");

  it("offers each wall time once, at its first occurrence (01:00 and 01:30 EDT, not again in EST)", () => {
    const slots = slotsFor({ timeZone: "America/New_York", weeklyRules: sundayNight, now, settings: { ...halfHours, horizonDays: 2 } });
    expect(startsOf(slots)).toEqual([
      "2026-11-01T04:00:00Z",
      "2026-11-01T04:30:00Z",
      "2026-11-01T05:00:00Z",
      "2026-11-01T05:30:00Z",
      "2026-11-01T07:00:00Z",
      "2026-11-01T07:30:00Z",
      "2026-11-01T08:00:00Z",
      "2026-11-01T08:30:00Z",
    ]);
  });

  it("ends a range at the first time its end is shown (00:00–01:30 ends at 01:30 EDT)", () => {
    const slots = slotsFor({
      timeZone: "America/New_York",
      weeklyRules: [{ weekday: 0, start: "00:00", end: "01:30" }],
      now,
      settings: { ...halfHours, horizonDays: 2 },
    });
    expect(startsOf(slots)).toEqual(["2026-11-01T04:00:00Z", "2026-11-01T04:30:00Z", "2026-11-01T05:00:00Z"]);
  });

  it("handles a half-hour change the same way (Australia/Lord_Howe, 5 April 2026, 02:00 → 01:30)", () => {
    const slots = slotsFor({
      timeZone: "Australia/Lord_Howe",
      weeklyRules: [{ weekday: 0, start: "01:00", end: "03:00" }],
      now: at("2026-04-04T00:00:00Z"),
      settings: { ...halfHours, horizonDays: 2 },
    });
    // 01:00, 01:30 at UTC+11; 02:00, 02:30 at UTC+10:30.
    expect(startsOf(slots)).toEqual(["2026-04-04T14:00:00Z", "2026-04-04T14:30:00Z", "2026-04-04T15:30:00Z", "2026-04-04T16:00:00Z"]);
  });
});

describe("the host's own time zone", () => {
  const hostZone = process.env.TZ;
  afterEach(() => {
    if (hostZone === undefined) delete process.env.TZ;
    else process.env.TZ = hostZone;
  });

  it("doesn't change the answer (the library's choice at a repeated time depends on it; the engine's doesn't)", () => {
    const call = {
      timeZone: "America/New_York",
      weeklyRules: sundayNight,
      now: at("2026-10-31T12:00:00Z"),
      settings: { ...halfHours, horizonDays: 2 },
    };
    const answers = ["UTC", "America/Los_Angeles", "America/New_York", "Asia/Tokyo", "Australia/Lord_Howe"].map((zone) => {
      process.env.TZ = zone;
      return startsOf(slotsFor(call));
    });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]).toHaveLength(8);
  });
});
