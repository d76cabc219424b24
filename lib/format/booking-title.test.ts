import { describe, expect, it } from "vitest";
import { bookingTitle, formatShortDay } from "./booking-title";

const booking = {
  subjectName: "Mathematics",
  tutorName: "Tara Tutor",
  studentName: "Sam Student",
  startAt: new Date("2026-12-01T20:00:00Z"),
};

describe("bookingTitle", () => {
  it("names the subject, the other person and the day, from the viewer's side", () => {
    expect(bookingTitle("student", booking, "America/Port_of_Spain")).toBe("Mathematics with Tara Tutor · Tue 1 Dec");
    expect(bookingTitle("tutor", booking, "America/Port_of_Spain")).toBe("Mathematics with Sam Student · Tue 1 Dec");
    expect(bookingTitle("parent", booking, "America/Port_of_Spain")).toBe("Mathematics: Sam Student with Tara Tutor · Tue 1 Dec");
  });

  it("uses the viewer's zone for the day", () => {
    // 20:00 UTC on 1 Dec is already 2 Dec in Tokyo.
    expect(formatShortDay(booking.startAt, "Asia/Tokyo")).toBe("Wed 2 Dec");
    expect(bookingTitle("student", booking, "Asia/Tokyo")).toBe("Mathematics with Tara Tutor · Wed 2 Dec");
  });

  it("falls back to a role when RLS hides a name", () => {
    expect(bookingTitle("tutor", { ...booking, studentName: null }, "UTC")).toBe("Mathematics with your student · Tue 1 Dec");
  });
});
