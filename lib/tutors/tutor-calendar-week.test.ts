import { describe, expect, it } from "vitest";
import { buildTutorCalendarWeek, mondayOf, todayIn, type TCalendarItem } from "./tutor-calendar-week";

const NY = "America/New_York";
const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5, 6, 0].map((weekday) => ({ weekday: weekday as 0, start, end }));

describe("mondayOf", () => {
  it("finds the Monday of any date's week and refuses junk", () => {
    expect(mondayOf("2026-12-01")).toBe("2026-11-30");
    expect(mondayOf("2026-11-30")).toBe("2026-11-30");
    expect(mondayOf("2026-12-06")).toBe("2026-11-30");
    expect(mondayOf("2027-01-01")).toBe("2026-12-28");
    expect(mondayOf("2026-02-30")).toBeNull();
    expect(mondayOf("next week")).toBeNull();
  });
});

describe("buildTutorCalendarWeek", () => {
  it("an ordinary week: 168 hours, 7 local days from Monday midnight, previous and next weeks", () => {
    const week = buildTutorCalendarWeek({ timeZone: NY, weekOf: "2026-12-02", weeklyRules: [], overrides: [], items: [] });
    expect(week.hours).toBe(168);
    expect(week.weekStart).toBe("2026-11-30");
    expect([week.previousWeek, week.nextWeek]).toEqual(["2026-11-23", "2026-12-07"]);
    expect(week.startAt.toISOString()).toBe("2026-11-30T05:00:00.000Z");
    expect(week.days.map((day) => day.date)).toEqual([
      "2026-11-30",
      "2026-12-01",
      "2026-12-02",
      "2026-12-03",
      "2026-12-04",
      "2026-12-05",
      "2026-12-06",
    ]);
  });

  it("the spring-forward week in New York is 167 hours; ranges after the change keep their wall times", () => {
    // 2027-03-14 (Sunday): 02:00 EST → 03:00 EDT.
    const week = buildTutorCalendarWeek({
      timeZone: NY,
      weekOf: "2027-03-10",
      weeklyRules: weekdays("13:00", "17:00"),
      overrides: [],
      items: [],
    });
    expect(week.hours).toBe(167);
    const sunday = week.days[6]!;
    expect(sunday.date).toBe("2027-03-14");
    expect(sunday.endAt.getTime() - sunday.startAt.getTime()).toBe(23 * 3_600_000);
    // 13:00 EDT = 17:00 UTC on the change day (it was 18:00 UTC on Saturday, EST).
    expect(sunday.availability[0]?.startAt.toISOString()).toBe("2027-03-14T17:00:00.000Z");
    expect(week.days[5]!.availability[0]?.startAt.toISOString()).toBe("2027-03-13T18:00:00.000Z");
  });

  it("the fall-back week is 169 hours; a range over the repeated hour lasts its elapsed time", () => {
    // 2026-11-01 (Sunday): 02:00 EDT → 01:00 EST.
    const week = buildTutorCalendarWeek({
      timeZone: NY,
      weekOf: "2026-10-28",
      weeklyRules: [{ weekday: 0, start: "00:00", end: "03:00" }],
      overrides: [],
      items: [],
    });
    expect(week.hours).toBe(169);
    const [range] = week.days[6]!.availability;
    expect(range).toMatchObject({ start: "00:00", end: "03:00" });
    expect(range!.endAt.getTime() - range!.startAt.getTime()).toBe(4 * 3_600_000);
  });

  it("a spring-forward range inside the gap is left out", () => {
    const week = buildTutorCalendarWeek({
      timeZone: NY,
      weekOf: "2027-03-14",
      weeklyRules: [{ weekday: 0, start: "02:00", end: "03:00" }],
      overrides: [],
      items: [],
    });
    expect(week.days[6]!.availability).toEqual([]);
  });

  it("a day off shows no ranges, an hours override replaces the weekday's, a 24:00 range ends at the next midnight", () => {
    const week = buildTutorCalendarWeek({
      timeZone: "America/Port_of_Spain",
      weekOf: "2026-11-30",
      weeklyRules: [...weekdays("09:00", "12:00"), { weekday: 5, start: "20:00", end: "24:00" }],
      overrides: [
        { date: "2026-12-02", kind: "day_off" },
        { date: "2026-12-03", kind: "hours", ranges: [{ start: "15:00", end: "16:00" }] },
      ],
      items: [],
    });
    const byDate = new Map(week.days.map((day) => [day.date, day]));
    expect(byDate.get("2026-12-02")).toMatchObject({ override: "day_off", availability: [] });
    expect(byDate.get("2026-12-03")?.override).toBe("hours");
    expect(byDate.get("2026-12-03")?.availability.map((range) => [range.start, range.end])).toEqual([["15:00", "16:00"]]);
    const friday = byDate.get("2026-12-04")!;
    expect(friday.availability.map((range) => [range.start, range.end])).toEqual([
      ["09:00", "12:00"],
      ["20:00", "24:00"],
    ]);
    expect(friday.availability[1]!.endAt.getTime()).toBe(friday.endAt.getTime());
    expect(friday.endAt.toISOString()).toBe("2026-12-05T04:00:00.000Z");
  });

  it("places sessions and requests on the local day they start, in order", () => {
    const item = (kind: TCalendarItem["kind"], startAt: string): TCalendarItem => ({
      kind,
      bookingId: startAt,
      startAt: new Date(startAt),
      endAt: new Date(new Date(startAt).getTime() + 3_600_000),
      subjectName: "Mathematics",
      studentName: null,
    });
    // 03:30 UTC on Tuesday is still Monday evening in New York.
    const items = [
      item("request", "2026-12-01T15:00:00Z"),
      item("session", "2026-12-01T03:30:00Z"),
      item("session", "2026-12-01T14:00:00Z"),
    ];
    const week = buildTutorCalendarWeek({ timeZone: NY, weekOf: "2026-11-30", weeklyRules: [], overrides: [], items });
    expect(week.days[0]!.items.map((entry) => entry.bookingId)).toEqual(["2026-12-01T03:30:00Z"]);
    expect(week.days[1]!.items.map((entry) => entry.kind)).toEqual(["session", "request"]);
  });
});

describe("todayIn", () => {
  it("is the zone's wall date", () => {
    expect(todayIn(NY, new Date("2026-12-01T02:00:00Z"))).toBe("2026-11-30");
    expect(todayIn("Asia/Kolkata", new Date("2026-11-30T20:00:00Z"))).toBe("2026-12-01");
  });
});
