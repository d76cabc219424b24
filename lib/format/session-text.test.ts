import { describe, expect, it } from "vitest";
import { bookingHref, describeParticipants, noShowNote } from "./session-text";

const names = { tutorName: "Tara Tutor", studentName: "Sam Student" };

describe("describeParticipants", () => {
  it("names the other person, and both for a parent", () => {
    expect(describeParticipants("student", names)).toBe("with Tara Tutor");
    expect(describeParticipants("tutor", names)).toBe("with Sam Student");
    expect(describeParticipants("parent", names)).toBe("Sam Student with Tara Tutor");
  });

  it("falls back to a role when RLS hides a name", () => {
    expect(describeParticipants("tutor", { tutorName: "Tara Tutor", studentName: null })).toBe("with your student");
  });
});

describe("noShowNote", () => {
  const session = {
    noShowAvailableAt: new Date("2026-11-21T20:19:00Z"),
    noShowChargeBps: 5000,
    studentName: "Sam Student",
    hasStudentJoined: false,
  };
  const before = new Date("2026-11-21T20:00:00Z");
  const after = new Date("2026-11-21T20:19:00Z");

  it("tells the student when and how much, in their zone", () => {
    expect(noShowNote("student", session, "America/Port_of_Spain", before)).toBe(
      "If you haven't joined by 4:19 pm, your tutor may mark a no-show and you'll be charged 50\u00a0%.",
    );
  });

  it("tells the parent about their child, and the tutor nothing", () => {
    expect(noShowNote("parent", session, "America/Port_of_Spain", before)).toContain("If Sam Student hasn't joined by 4:19 pm");
    expect(noShowNote("tutor", session, "America/Port_of_Spain", before)).toBeUndefined();
  });

  it("says nothing once the student has joined", () => {
    const joined = { ...session, hasStudentJoined: true };
    expect(noShowNote("student", joined, "America/Port_of_Spain", before)).toBeUndefined();
    expect(noShowNote("parent", joined, "America/Port_of_Spain", after)).toBeUndefined();
  });

  it("never shows a deadline that has passed", () => {
    const student = noShowNote("student", session, "America/Port_of_Spain", after);
    expect(student).toBe("You haven't joined yet: your tutor may now mark a no-show and you'll be charged 50\u00a0%.");
    expect(
      noShowNote("parent", { ...session, noShowAvailableAt: session.noShowAvailableAt.toISOString() }, "America/Port_of_Spain", after),
    ).not.toContain("4:19");
  });
});

describe("bookingHref", () => {
  it("points each role at its own detail page", () => {
    expect(bookingHref("student", "b1")).toBe("/student/bookings/b1");
    expect(bookingHref("tutor", "b1")).toBe("/tutor/bookings/b1");
    expect(bookingHref("parent", "b1")).toBe("/parent/bookings/b1");
    expect(bookingHref("admin", "b1")).toBeNull();
  });
});
