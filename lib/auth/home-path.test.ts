import { describe, expect, it } from "vitest";
import { destinationAfterAuth, homeFor, isProtectedPath, safeNextPath } from "./home-path";

describe("homeFor", () => {
  it("sends each role to its own home", () => {
    expect(homeFor("student")).toBe("/student/sessions");
    expect(homeFor("tutor")).toBe("/tutor/sessions");
    expect(homeFor("parent")).toBe("/parent/sessions");
    expect(homeFor("admin")).toBe("/admin");
  });
});

describe("safeNextPath", () => {
  it("follows own paths only", () => {
    expect(safeNextPath("/tutor/sessions?tab=past")).toBe("/tutor/sessions?tab=past");
    expect(safeNextPath("//evil.example/x")).toBeNull();
    expect(safeNextPath("/\\evil.example")).toBeNull();
    expect(safeNextPath("https://evil.example")).toBeNull();
    expect(safeNextPath("/\tx")).toBeNull();
    expect(safeNextPath(null)).toBeNull();
  });
});

describe("destinationAfterAuth", () => {
  it("prefers a safe next, then the role's home, then the root", () => {
    expect(destinationAfterAuth("tutor", "/tutor/availability")).toBe("/tutor/availability");
    expect(destinationAfterAuth("tutor", "//evil.example")).toBe("/tutor/sessions");
    expect(destinationAfterAuth(null, null)).toBe("/");
  });
});

describe("isProtectedPath", () => {
  it("covers the role areas and nothing that merely shares a prefix", () => {
    expect(isProtectedPath("/student")).toBe(true);
    expect(isProtectedPath("/admin/disputes")).toBe(true);
    expect(isProtectedPath("/students-guide")).toBe(false);
    expect(isProtectedPath("/login")).toBe(false);
  });
});
