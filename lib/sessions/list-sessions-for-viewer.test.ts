import { describe, expect, it } from "vitest";
import { splitUpcomingAndPast } from "./list-sessions-for-viewer";
import { toSessionSummary, type TSessionListRow } from "./session-summary";

const start = new Date("2026-11-21T20:00:00Z");
const end = new Date("2026-11-21T21:00:00Z");

function row(overrides: Partial<TSessionListRow> = {}): TSessionListRow {
  return {
    id: "s1",
    booking_id: "b1",
    status: "SCHEDULED",
    scheduled_start_at: start,
    scheduled_end_at: end,
    duration_minutes: 60,
    no_show_wait_minutes: 19,
    price_cents: "15000",
    charge_cents: null,
    payout_cents: null,
    platform_fee_cents: null,
    currency: "TTD",
    charged_at: null,
    student_joined_at: null,
    completion_payout_bps: 9000,
    no_show_charge_bps: 5000,
    no_show_payout_bps: 4500,
    subject_name: "Mathematics",
    tutor_name: "Tara Tutor",
    student_name: "Sam Student",
    payout_status: null,
    payout_release_at: null,
    payout_released_at: null,
    ...overrides,
  };
}

const charged = {
  status: "COMPLETED_ASSUMED",
  charge_cents: "15000",
  payout_cents: "13500",
  platform_fee_cents: "1500",
  charged_at: end,
  payout_status: "held",
  payout_release_at: new Date("2026-11-22T21:00:00Z"),
} as const;

describe("toSessionSummary", () => {
  it("reads bigint amounts exactly and derives the shown status from time", () => {
    const before = toSessionSummary(row(), "student", new Date("2026-11-21T19:54:00Z"));
    expect(before).toMatchObject({
      priceCents: 15_000,
      displayStatus: "SCHEDULED",
      isUpcoming: true,
      amount: { kind: "price", cents: 15_000 },
    });
    expect(toSessionSummary(row(), "student", new Date("2026-11-21T19:55:00Z")).displayStatus).toBe("JOIN_OPEN");
    const after = toSessionSummary(row(), "student", end);
    expect(after).toMatchObject({ displayStatus: "AWAITING_CHARGE", isUpcoming: false });
  });

  it("shows the student the charge and the tutor the payout held until its release", () => {
    const now = new Date("2026-11-21T21:05:00Z");
    expect(toSessionSummary(row(charged), "student", now).amount).toEqual({ kind: "charged", cents: 15_000 });
    expect(toSessionSummary(row(charged), "parent", now).amount).toEqual({ kind: "charged", cents: 15_000 });
    expect(toSessionSummary(row(charged), "tutor", now).amount).toEqual({
      kind: "payout",
      cents: 13_500,
      payout: { state: "held", releaseAt: new Date("2026-11-22T21:00:00Z") },
    });
    const released = row({ ...charged, payout_status: "released", payout_released_at: new Date("2026-11-22T21:01:00Z") });
    expect(toSessionSummary(released, "tutor", now).amount).toMatchObject({ payout: { state: "released" } });
  });

  it("says a cancelled or early-ended session was not charged", () => {
    expect(toSessionSummary(row({ status: "CANCELLED" }), "student", start).amount).toEqual({ kind: "not_charged", reason: "cancelled" });
    expect(toSessionSummary(row({ status: "EARLY_END_SHORT" }), "tutor", end).amount).toEqual({
      kind: "not_charged",
      reason: "under_review",
    });
  });

  it("puts a no-show marked before the end among past sessions", () => {
    const noShow = row({
      status: "NO_SHOW_STUDENT",
      charge_cents: "7500",
      payout_cents: "6750",
      platform_fee_cents: "750",
      charged_at: start,
    });
    expect(toSessionSummary(noShow, "student", new Date("2026-11-21T20:30:00Z"))).toMatchObject({
      displayStatus: "NO_SHOW_STUDENT",
      isUpcoming: false,
    });
  });

  it("refuses a status the app does not know", () => {
    expect(() => toSessionSummary(row({ status: "JOIN_OPEN" }), "student", start)).toThrow();
  });
});

describe("splitUpcomingAndPast", () => {
  it("orders upcoming soonest first and past latest first", () => {
    const now = new Date("2026-11-21T12:00:00Z");
    const at = (iso: string, id: string) =>
      toSessionSummary(
        row({ id, scheduled_start_at: new Date(iso), scheduled_end_at: new Date(new Date(iso).getTime() + 3_600_000) }),
        "student",
        now,
      );
    const list = splitUpcomingAndPast(
      [
        at("2026-11-23T10:00:00Z", "later"),
        at("2026-11-19T10:00:00Z", "older"),
        at("2026-11-22T10:00:00Z", "sooner"),
        at("2026-11-20T10:00:00Z", "recent"),
      ],
      "America/Port_of_Spain",
    );
    expect(list.upcoming.map((s) => s.id)).toEqual(["sooner", "later"]);
    expect(list.past.map((s) => s.id)).toEqual(["recent", "older"]);
  });
});
