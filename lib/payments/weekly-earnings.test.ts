import { describe, expect, it } from "vitest";
import { weeklyTotals } from "./weekly-earnings";

// Tuesday 1 December 2026, 15:00 UTC.
const NOW = new Date("2026-12-01T15:00:00Z");

describe("weeklyTotals", () => {
  it("gives 12 weeks ending with this one, Mondays first, zeros where nothing was earned", () => {
    const weeks = weeklyTotals([], { now: NOW, timeZone: "UTC" });
    expect(weeks).toHaveLength(12);
    expect(weeks.at(-1)).toEqual({ weekStart: "2026-11-30", label: "30 Nov", cents: 0 });
    expect(weeks[0]?.weekStart).toBe("2026-09-14");
  });

  it("sums into the week of the tutor's own zone and leaves out older and later amounts", () => {
    const entries = [
      { at: new Date("2026-11-30T01:00:00Z"), cents: 1000 }, // Monday 30 Nov in UTC, but Sunday 29 Nov in Port of Spain
      { at: new Date("2026-11-30T12:00:00Z"), cents: 500 },
      { at: new Date("2026-09-01T12:00:00Z"), cents: 9999 }, // before the 12 weeks
      { at: new Date("2026-12-08T12:00:00Z"), cents: 7777 }, // next week
    ];
    const utc = weeklyTotals(entries, { now: NOW, timeZone: "UTC" });
    expect(utc.at(-1)?.cents).toBe(1500);
    expect(utc.at(-2)?.cents).toBe(0);
    const trinidad = weeklyTotals(entries, { now: NOW, timeZone: "America/Port_of_Spain" });
    expect(trinidad.at(-1)?.cents).toBe(500);
    expect(trinidad.at(-2)?.cents).toBe(1000);
    expect(trinidad.reduce((sum, week) => sum + week.cents, 0)).toBe(1500);
  });

  it("keeps weeks a week apart across a daylight-saving change", () => {
    const weeks = weeklyTotals([{ at: new Date("2026-11-02T15:00:00Z"), cents: 300 }], {
      now: NOW,
      timeZone: "America/New_York",
    });
    expect(weeks.map((week) => week.weekStart)).toContain("2026-11-02");
    expect(weeks.find((week) => week.weekStart === "2026-11-02")?.cents).toBe(300);
  });
});
