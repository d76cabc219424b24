import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import {
  localDateIn,
  toAvailabilityRequest,
  tutorAvailabilitySchema,
  type TTutorAvailabilityRequest,
} from "./save-tutor-availability-schema";

// 2026-12-01 02:00 UTC is still 30 November in New York (UTC−5) and already 1 December in London.
const NOW = new Date("2026-12-01T02:00:00Z");

function request(overrides: Partial<TTutorAvailabilityRequest> = {}): TTutorAvailabilityRequest {
  return {
    time_zone: "America/New_York",
    weekly: [{ weekday: 1, start: "09:00", end: "12:00" }],
    overrides: [],
    settings: {
      lesson_lengths: [60, 30],
      step_minutes: 30,
      buffer_before_minutes: 0,
      buffer_after_minutes: 15,
      minimum_notice_minutes: 120,
      horizon_days: 14,
      is_instant_booking: false,
    },
    ...overrides,
  };
}

function messages(input: unknown): string[] {
  const result = tutorAvailabilitySchema(NOW).safeParse(input);
  if (result.success) throw new Error("expected a refusal");
  return result.error.issues.map((issue) => issue.message);
}

describe("tutorAvailabilitySchema", () => {
  it("normalizes a valid document: ranges merged and sorted, 24:00 kept, lengths sorted, overrides by date", () => {
    const document = tutorAvailabilitySchema(NOW).parse(
      request({
        weekly: [
          { weekday: 5, start: "20:00", end: "24:00" },
          { weekday: 1, start: "11:00", end: "13:00" },
          { weekday: 1, start: "09:00", end: "12:00" },
        ],
        overrides: [
          {
            date: "2026-12-10",
            kind: "hours",
            ranges: [
              { start: "14:00", end: "16:00" },
              { start: "15:00", end: "17:00" },
            ],
          },
          { date: "2026-11-30", kind: "day_off" },
        ],
      }),
    );
    expect(document.weeklyRules).toEqual([
      { weekday: 1, start: "09:00", end: "13:00" },
      { weekday: 5, start: "20:00", end: "24:00" },
    ]);
    expect(document.overrides).toEqual([
      { date: "2026-11-30", kind: "day_off" },
      { date: "2026-12-10", kind: "hours", ranges: [{ start: "14:00", end: "17:00" }] },
    ]);
    expect(document.settings).toMatchObject({ lessonLengths: [30, 60], stepMinutes: 30, bufferAfterMinutes: 15, horizonDays: 14 });
  });

  it("defaults the horizon to 14 days and round-trips through the wire format", () => {
    const input = request();
    const { horizon_days: _omitted, ...settings } = input.settings;
    const document = tutorAvailabilitySchema(NOW).parse({ ...input, settings });
    expect(document.settings.horizonDays).toBe(14);
    expect(tutorAvailabilitySchema(NOW).parse(toAvailabilityRequest(document))).toEqual(document);
  });

  it("refuses an unknown zone and an offset", () => {
    expect(messages(request({ time_zone: "Mars/Olympus" }))[0]).toMatch(/not a time zone we know/);
    expect(messages(request({ time_zone: "+04:00" }))[0]).toMatch(/not a time zone we know/);
  });

  it("refuses malformed and empty ranges, a 24:00 start, naming the weekday", () => {
    const found = messages(
      request({
        weekly: [
          { weekday: 2, start: "9:00", end: "12:00" },
          { weekday: 3, start: "12:00", end: "12:00" },
          { weekday: 4, start: "24:00", end: "24:00" },
          { weekday: 7, start: "09:00", end: "10:00" },
        ],
      }),
    );
    expect(found).toHaveLength(4);
    expect(found.join(" ")).toMatch(/Tuesday: "9:00" is not a time/);
    expect(found.join(" ")).toMatch(/Wednesday: 12:00–12:00 must end after it starts/);
    expect(found.join(" ")).toMatch(/Thursday: A range can't start at 24:00/);
    expect(found.join(" ")).toMatch(/7 is not a weekday/);
  });

  it("refuses a past override date in the tutor's zone, but not today there", () => {
    // In New York it is still 30 November: that date is today, the 29th is past.
    expect(localDateIn("America/New_York", NOW)).toBe("2026-11-30");
    expect(messages(request({ overrides: [{ date: "2026-11-29", kind: "day_off" }] }))).toEqual(["2026-11-29 is in the past: remove it."]);
    expect(() => tutorAvailabilitySchema(NOW).parse(request({ overrides: [{ date: "2026-11-30", kind: "day_off" }] }))).not.toThrow();
    // In London the 30th is already past.
    expect(messages(request({ time_zone: "Europe/London", overrides: [{ date: "2026-11-30", kind: "day_off" }] }))[0]).toMatch(/past/);
  });

  it("refuses two overrides of one date, an impossible date, and hours without ranges", () => {
    const found = messages(
      request({
        overrides: [
          { date: "2026-12-05", kind: "day_off" },
          { date: "2026-12-05", kind: "hours", ranges: [{ start: "09:00", end: "10:00" }] },
          { date: "2026-02-30", kind: "day_off" },
          { date: "2026-12-06", kind: "hours", ranges: [] },
          { date: "2026-12-07", kind: "hours", ranges: [{ start: "10:00", end: "09:00" }] },
        ],
      }),
    );
    expect(found).toEqual([
      "2026-12-05 has two overrides: keep one (a day off or its hours).",
      '"2026-02-30" is not a date: use YYYY-MM-DD.',
      "2026-12-06: add its hours, or make it a day off.",
      expect.stringMatching(/^2026-12-07: 10:00–09:00 must end after it starts/),
    ]);
  });

  it("refuses settings outside the table's limits", () => {
    const base = request().settings;
    const cases: Partial<typeof base>[] = [
      { lesson_lengths: [] },
      { lesson_lengths: [50] },
      { step_minutes: 20 },
      { buffer_before_minutes: 121 },
      { buffer_after_minutes: -1 },
      { minimum_notice_minutes: 14 * 24 * 60 + 1 },
      { horizon_days: 0 },
      { horizon_days: 91 },
      { buffer_before_minutes: 1.5 },
    ];
    for (const change of cases) {
      const result = tutorAvailabilitySchema(NOW).safeParse(request({ settings: { ...base, ...change } }));
      expect(result.success, JSON.stringify(change)).toBe(false);
      expect(result.error).toBeInstanceOf(ZodError);
    }
    expect(
      tutorAvailabilitySchema(NOW).safeParse(request({ settings: { ...base, horizon_days: 90, buffer_before_minutes: 120 } })).success,
    ).toBe(true);
  });
});
