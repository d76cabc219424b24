import { describe, expect, it } from "vitest";
import { safeReturnPath, withQueryParam } from "./safe-return-path";

describe("safeReturnPath", () => {
  it("keeps a same-site path with its query and hash", () => {
    expect(safeReturnPath("/tutors/abc?subject=x&start=2026-12-02T10:00:00.000Z#confirm")).toBe(
      "/tutors/abc?subject=x&start=2026-12-02T10:00:00.000Z#confirm",
    );
    expect(safeReturnPath("/student/payments")).toBe("/student/payments");
  });

  it.each([
    ["an absolute URL", "https://evil.example/x"],
    ["a protocol-relative URL", "//evil.example/x"],
    ["a backslash trick", "/\\evil.example"],
    ["a relative path", "tutors/abc"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a newline", "/a\n/b"],
    ["a tab", "/\t/evil.example"],
    ["empty", ""],
    ["too long", `/${"a".repeat(2001)}`],
  ])("refuses %s", (_label, value) => {
    expect(safeReturnPath(value)).toBeNull();
  });

  it("refuses a missing value", () => {
    expect(safeReturnPath(null)).toBeNull();
    expect(safeReturnPath(undefined)).toBeNull();
  });
});

describe("withQueryParam", () => {
  it("adds or replaces one parameter and keeps the hash last", () => {
    expect(withQueryParam("/tutors/a?start=x#confirm", "card", "saved")).toBe("/tutors/a?start=x&card=saved#confirm");
    expect(withQueryParam("/tutors/a?card=old", "card", "saved")).toBe("/tutors/a?card=saved");
  });
});
