import { describe, expect, it } from "vitest";
import { toSessionDetail } from "./session-detail";
import { toSessionSummary, type TSessionListRow } from "./session-summary";

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
  // A session confirmed under an older fee keeps it (lib/README.md, Money).
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

  it("previews nothing for a viewer who may not see the payout split", () => {
    const hidden = { ...sessionRow, completion_payout_bps: null, no_show_payout_bps: null };
    expect(toSessionDetail(detailColumns, toSessionSummary(hidden, "student", start)).noShowPreview).toBeNull();
  });
});
