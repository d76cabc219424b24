import { describe, expect, it } from "vitest";
import { toBookingSummary, toSessionDetail } from "./get-session-detail";
import { toSessionSummary, type TSessionListRow } from "./list-sessions-for-viewer";

const start = new Date("2026-11-21T20:00:00Z");
const end = new Date("2026-11-21T21:30:00Z");

const sessionRow: TSessionListRow = {
  id: "s1",
  booking_id: "b1",
  status: "SCHEDULED",
  scheduled_start_at: start,
  scheduled_end_at: end,
  duration_minutes: 90,
  no_show_wait_minutes: 29,
  price_cents: "22501",
  charge_cents: null,
  payout_cents: null,
  platform_fee_cents: null,
  currency: "TTD",
  charged_at: null,
  student_joined_at: null,
  // A session confirmed under an older fee keeps it (DESIGN §4c).
  completion_payout_bps: 8000,
  no_show_charge_bps: 6000,
  no_show_payout_bps: 5000,
  subject_name: "Physics",
  tutor_name: "Tara Tutor",
  student_name: "Sam Student",
  payout_status: null,
  payout_release_at: null,
  payout_released_at: null,
};

const detailColumns = {
  min_payable_minutes: 59,
  charge_scheduled_at: end,
  tutor_joined_at: null,
  marked_no_show_at: null,
  meeting_started_at: null,
  meeting_ended_at: null,
  student_joined_at: null,
};

describe("toSessionDetail", () => {
  const detail = toSessionDetail(detailColumns, toSessionSummary(sessionRow, "tutor", start));

  it("states the rule instants: T−5, start + wait, charge at the end", () => {
    expect(detail.rules).toEqual({
      joinOpensAt: new Date("2026-11-21T19:55:00Z"),
      noShowAvailableAt: new Date("2026-11-21T20:29:00Z"),
      chargeAt: end,
      noShowWaitMinutes: 29,
      minPayableMinutes: 59,
    });
  });

  it("previews the no-show with the session's frozen split, exactly as the charge would be", () => {
    // 22 501 × 60 % = 13 500.6 → 13 501; × 50 % = 11 250.5 → 11 251; fee is the remainder.
    expect(detail.noShowPreview).toEqual({ chargeCents: 13_501, payoutCents: 11_251, platformFeeCents: 2_250 });
  });
});

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
    expect(toBookingSummary(base)).toMatchObject({ status: "pending", startAt: start, durationMinutes: 60, priceCents: 18_000, studentName: null });
    const confirmed = { ...base, status: "confirmed", confirmed_start_at: end, confirmed_end_at: new Date("2026-11-21T22:15:00Z") };
    expect(toBookingSummary(confirmed)).toMatchObject({ status: "confirmed", startAt: end, durationMinutes: 45 });
  });

  it("refuses an unknown booking status", () => {
    expect(() => toBookingSummary({ ...base, status: "maybe" })).toThrow();
  });
});
