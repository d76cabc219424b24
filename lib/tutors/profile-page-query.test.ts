import { describe, expect, it } from "vitest";
import { profileHref, ZProfilePageQuery } from "./profile-page-query";

describe("ZProfilePageQuery", () => {
  it("reads a valid choice", () => {
    expect(
      ZProfilePageQuery.parse({ length: "45", subject: "7f1c3a52-1b0e-4d5e-9a53-2d8c2f7a1b10", start: "2026-12-03T14:00:00.000Z" }),
    ).toEqual({ length: 45, subject: "7f1c3a52-1b0e-4d5e-9a53-2d8c2f7a1b10", start: "2026-12-03T14:00:00.000Z" });
  });
  it("drops what does not parse instead of failing the page", () => {
    expect(ZProfilePageQuery.parse({ length: "abc", subject: "x", start: ["a", "b"] })).toEqual({
      length: undefined,
      subject: undefined,
      start: undefined,
    });
  });
});

describe("profileHref", () => {
  it("keeps the choice in the URL, so sign-in can return to the same slot", () => {
    expect(profileHref("t1", { subject: "s1", length: 60, start: "2026-12-03T14:00:00.000Z" })).toBe(
      "/tutors/t1?subject=s1&length=60&start=2026-12-03T14%3A00%3A00.000Z",
    );
    expect(profileHref("t1", {})).toBe("/tutors/t1");
  });
});
