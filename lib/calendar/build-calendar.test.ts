import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { buildCalendar } from "./build-calendar";

const event = {
  sessionId: "e0000000-0000-4000-8000-000000000003",
  startAt: new Date("2026-12-03T14:00:00.000Z"),
  endAt: new Date("2026-12-03T15:00:00.000Z"),
  summary: 'Mathematics with Ada; Lovelace, "quoted"',
  pageUrl: "https://app.example/student/bookings/d0000000-0000-4000-8000-000000000003",
  sequence: 2,
  isCancelled: false,
  updatedAt: new Date("2026-12-01T12:00:00.000Z"),
};

function vevents(text: string) {
  return new ICAL.Component(ICAL.parse(text)).getAllSubcomponents("vevent").map((vevent) => new ICAL.Event(vevent));
}

describe("buildCalendar", () => {
  it("writes one parseable event per session, in UTC, with a stable UID, its SEQUENCE and the page link", () => {
    const text = buildCalendar({ name: "Lessons", host: "app.example", events: [event] });
    expect(text).toContain("DTSTART:20261203T140000Z");
    const [parsed] = vevents(text);
    expect(parsed?.uid).toBe(`session-${event.sessionId}@app.example`);
    expect(parsed?.startDate.toJSDate()).toEqual(event.startAt);
    expect(parsed?.startDate.zone?.tzid).toBe("UTC");
    expect(parsed?.endDate.toJSDate()).toEqual(event.endAt);
    expect(parsed?.sequence).toBe(2);
    expect(parsed?.summary).toBe(event.summary);
    expect(parsed?.component.getFirstPropertyValue("url")).toBe(event.pageUrl);
    expect(parsed?.component.getFirstPropertyValue("status")).toBe("CONFIRMED");
  });

  it("publishes a cancelled session with STATUS:CANCELLED", () => {
    const [parsed] = vevents(buildCalendar({ name: "Lessons", host: "app.example", events: [{ ...event, isCancelled: true }] }));
    expect(parsed?.component.getFirstPropertyValue("status")).toBe("CANCELLED");
  });
});
