import { describe, expect, it } from "vitest";
import { toBookingSummary } from "./booking-summary";

const start = new Date("2026-11-21T20:00:00Z");
const end = new Date("2026-11-21T21:30:00Z");

describe("toBookingSummary", () => {
  const base = {
    id: "b1",
    status: "pending",
    subject_name: "Physics",
    tutor_name: "Tara Tutor",
    student_name: null,
    requested_start_at: start,
    requested_end_at: new Date("2026-11-21T21:00:00Z"),
    confirmed_start_at: null,
    confirmed_end_at: null,
    price_cents: "18000",
    currency: "TTD",
    note: null,
    created_at: start,
    decided_at: null,
  };

  it("uses the requested slot until a confirmed one exists", () => {
    expect(toBookingSummary(base)).toMatchObject({
      status: "pending",
      startAt: start,
      durationMinutes: 60,
      priceCents: 18_000,
      studentName: null,
    });
    const confirmed = { ...base, status: "confirmed", confirmed_start_at: end, confirmed_end_at: new Date("2026-11-21T22:15:00Z") };
    expect(toBookingSummary(confirmed)).toMatchObject({ status: "confirmed", startAt: end, durationMinutes: 45 });
  });

  it("refuses an unknown booking status", () => {
    expect(() => toBookingSummary({ ...base, status: "maybe" })).toThrow();
  });
});
