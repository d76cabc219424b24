import { describe, expect, it } from "vitest";
import { formatPriceInput, initialsOf, parsePriceCents, ZTutorProfileForm, ZTutorSubjectForm } from "./tutor-profile-form";

const SUBJECT = "7a1c0d1e-2b3c-4d5e-8f90-123456789abc";

describe("parsePriceCents", () => {
  it("reads TT$ amounts as integer cents without floating point", () => {
    expect(parsePriceCents("150")).toBe(15_000);
    expect(parsePriceCents("150.5")).toBe(15_050);
    expect(parsePriceCents(" TT$1,250.99 ")).toBe(125_099);
    expect(parsePriceCents("0.29")).toBe(29);
    for (const bad of ["", "-5", "1.999", "1e3", "abc", "12.", "1234567"]) expect(parsePriceCents(bad), bad).toBeNull();
  });

  it("round-trips with formatPriceInput for every cent value up to TT$100", () => {
    for (let cents = 0; cents <= 10_000; cents += 1) expect(parsePriceCents(formatPriceInput(cents))).toBe(cents);
  });
});

describe("ZTutorSubjectForm", () => {
  it("sets a price within the table's limits, and removes", () => {
    expect(ZTutorSubjectForm.parse({ intent: "set", subjectId: SUBJECT, price: "150.00" })).toEqual({
      intent: "set",
      subjectId: SUBJECT,
      price: 15_000,
    });
    expect(ZTutorSubjectForm.parse({ intent: "remove", subjectId: SUBJECT })).toEqual({ intent: "remove", subjectId: SUBJECT });
    for (const price of ["0.99", "100000.01", "free"]) {
      expect(ZTutorSubjectForm.safeParse({ intent: "set", subjectId: SUBJECT, price }).success, price).toBe(false);
    }
    expect(ZTutorSubjectForm.safeParse({ intent: "set", subjectId: "maths", price: "10" }).success).toBe(false);
  });
});

describe("ZTutorProfileForm", () => {
  it("trims, requires a name, and keeps to the table's lengths", () => {
    expect(ZTutorProfileForm.parse({ displayName: " Ada ", headline: " Maths ", bio: "" })).toEqual({
      displayName: "Ada",
      headline: "Maths",
      bio: "",
    });
    expect(ZTutorProfileForm.safeParse({ displayName: "  ", headline: "", bio: "" }).success).toBe(false);
    expect(ZTutorProfileForm.safeParse({ displayName: "A", headline: "x".repeat(161), bio: "" }).success).toBe(false);
    expect(ZTutorProfileForm.safeParse({ displayName: "A", headline: "", bio: "x".repeat(4001) }).success).toBe(false);
  });
});

describe("initialsOf", () => {
  it("takes the first and last words' first letters", () => {
    expect(initialsOf("Ada King Lovelace")).toBe("AL");
    expect(initialsOf("plato")).toBe("P");
    expect(initialsOf("  ")).toBe("?");
    expect(initialsOf("élodie ñúñez")).toBe("ÉÑ");
  });
});
