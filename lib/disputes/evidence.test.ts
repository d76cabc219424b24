import { describe, expect, it } from "vitest";
import { initialDisputeStatus, isTutorNoShowEvident } from "./evidence";

const joined = new Date("2026-12-01T10:02:00Z");

describe("the tutor no-show evidence rule", () => {
  it("is clear only when the student joined and neither the app nor a provider saw the tutor", () => {
    expect(isTutorNoShowEvident({ studentJoinedAt: joined, tutorJoinedAt: null, isTutorSeenByProvider: false })).toBe(true);
    expect(isTutorNoShowEvident({ studentJoinedAt: joined, tutorJoinedAt: joined, isTutorSeenByProvider: false })).toBe(false);
    expect(isTutorNoShowEvident({ studentJoinedAt: joined, tutorJoinedAt: null, isTutorSeenByProvider: true })).toBe(false);
    expect(isTutorNoShowEvident({ studentJoinedAt: null, tutorJoinedAt: null, isTutorSeenByProvider: false })).toBe(false);
  });

  it("accepts a tutor_no_show report at once on clear evidence, never a lesson_problem one", () => {
    const clear = { studentJoinedAt: joined, tutorJoinedAt: null, isTutorSeenByProvider: false };
    expect(initialDisputeStatus("tutor_no_show", clear)).toBe("accepted");
    expect(initialDisputeStatus("lesson_problem", clear)).toBe("open");
    expect(initialDisputeStatus("tutor_no_show", { ...clear, studentJoinedAt: null })).toBe("open");
  });
});
