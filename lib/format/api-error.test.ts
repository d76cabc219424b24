import { describe, expect, it } from "vitest";
import { describeApiError } from "./api-error";

const TZ = "America/Port_of_Spain";

describe("describeApiError", () => {
  it("shows the server's own message", () => {
    const body = { error: { code: "conflict", message: "The student joined at 4:05 pm, so a no-show cannot be marked." } };
    expect(describeApiError(body, 409, TZ)).toBe("The student joined at 4:05 pm, so a no-show cannot be marked.");
  });

  it("says when a too-early join opens, in the viewer's zone", () => {
    const body = {
      error: { code: "too_early", message: "You can join from 2026-11-21T20:00:00.000Z", opens_at: "2026-11-21T20:00:00.000Z" },
    };
    expect(describeApiError(body, 409, TZ)).toBe("It's too early to join: the session opens at 4:00 pm.");
  });

  it("says when the student joined, instead of an ISO timestamp", () => {
    const body = {
      error: { code: "conflict", message: "The student joined at 2026-11-21T20:03:00.000Z", student_joined_at: "2026-11-21T20:03:00.000Z" },
    };
    expect(describeApiError(body, 409, TZ)).toBe("The student joined at 4:03 pm, so you can't mark a no-show.");
  });

  it("asks to sign in again on 401 and stays opaque on unexpected bodies", () => {
    expect(describeApiError({ error: { code: "unauthorized", message: "x" } }, 401, TZ)).toMatch(/sign in again/i);
    expect(describeApiError("<html>", 502, TZ)).toMatch(/on our side/);
    expect(describeApiError(null, 404, TZ)).toContain("HTTP 404");
  });
});
