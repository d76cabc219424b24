import { describe, expect, it } from "vitest";
import { describeActor, describeSessionEvent } from "./session-event";

describe("describeSessionEvent", () => {
  it("reads known events as sentences", () => {
    expect(describeSessionEvent("session.no_show_marked")).toBe("Marked as a student no-show");
    expect(describeSessionEvent("session.charged")).toBe("Charged at the scheduled end");
  });

  it("keeps unknown events readable", () => {
    expect(describeSessionEvent("refund.issued_by_admin")).toBe("Refund: issued by admin");
    expect(describeSessionEvent("custom_event")).toBe("Custom event");
  });
});

describe("describeActor", () => {
  it("names people with their role, and the system without a name", () => {
    expect(describeActor("tutor", "Tara Tutor")).toBe("Tara Tutor (tutor)");
    expect(describeActor("student", null)).toBe("Student");
    expect(describeActor("system", null)).toBe("System");
    expect(describeActor("provider", "ignored")).toBe("Video provider");
  });
});
