import { describe, expect, it } from "vitest";
import { DEFAULT_TIME_ZONE, formatCountdown, formatDuration, formatInTimeZone, formatTimeZoneName, resolveTimeZone } from "./date-time";

const instant = new Date("2026-11-21T20:05:00Z");

describe("formatInTimeZone", () => {
  it("formats in the viewer's zone, not the machine's", () => {
    expect(formatInTimeZone(instant, "America/Port_of_Spain")).toBe("Sat, 21 Nov 2026, 4:05 pm");
    expect(formatInTimeZone(instant, "Europe/London")).toBe("Sat, 21 Nov 2026, 8:05 pm");
    expect(formatInTimeZone(instant, "Asia/Tokyo", "date")).toBe("Sun, 22 Nov 2026");
    expect(formatInTimeZone(instant, "America/Port_of_Spain", "time")).toBe("4:05 pm");
  });

  it("falls back to the platform zone for an unknown zone", () => {
    expect(resolveTimeZone("Not/AZone")).toBe(DEFAULT_TIME_ZONE);
    expect(resolveTimeZone(null)).toBe(DEFAULT_TIME_ZONE);
    expect(resolveTimeZone("Europe/Paris")).toBe("Europe/Paris");
    // the name people chose, not ICU's older link name (Asia/Calcutta)
    expect(resolveTimeZone("Asia/Kolkata")).toBe("Asia/Kolkata");
    expect(formatInTimeZone(instant, "Not/AZone", "time")).toBe("4:05 pm");
  });

  it("names the zone", () => {
    expect(formatTimeZoneName(instant, "America/Port_of_Spain")).toBe("GMT-4");
  });
});

describe("formatDuration", () => {
  it("reads as hours and minutes", () => {
    expect(formatDuration(45)).toBe("45 min");
    expect(formatDuration(60)).toBe("1 h");
    expect(formatDuration(90)).toBe("1 h 30 min");
    expect(formatDuration(600)).toBe("10 h");
  });
});

describe("formatCountdown", () => {
  it("counts minutes and seconds under an hour, rounding up to the second", () => {
    expect(formatCountdown(4 * 60_000 + 7_000)).toBe("04:07");
    expect(formatCountdown(1)).toBe("00:01");
    expect(formatCountdown(999)).toBe("00:01");
    expect(formatCountdown(0)).toBe("00:00");
    expect(formatCountdown(-5_000)).toBe("00:00");
  });

  it("adds hours under a day and switches to days beyond", () => {
    expect(formatCountdown(2 * 3_600_000 + 4 * 60_000 + 7_000)).toBe("2:04:07");
    expect(formatCountdown(24 * 3_600_000)).toBe("1 day");
    expect(formatCountdown(3 * 24 * 3_600_000 + 4 * 3_600_000 + 5_000)).toBe("3 days 4 h");
  });
});
