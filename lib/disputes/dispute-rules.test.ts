import { describe, expect, it } from "vitest";
import {
  isRatingBlockedByDispute,
  openDisputeRefusal,
  respondByFor,
  respondRefusal,
  ZDecideDispute,
  ZOpenDispute,
  ZRespondToDispute,
} from "./dispute-rules";

const now = new Date("2026-12-01T12:00:00Z");
const later = new Date("2026-12-02T10:00:00Z");
const open = {
  relation: "student" as const,
  status: "COMPLETED_ASSUMED" as const,
  payout: { status: "held" as const, releaseAt: later },
  fallbackWindowEndsAt: null,
  hasDispute: false,
  now,
};

describe("who may open a dispute, and when", () => {
  it("the student or a parent of a charged lesson, while its payout is held and before it releases", () => {
    expect(openDisputeRefusal(open)).toBeNull();
    expect(openDisputeRefusal({ ...open, relation: "parent" })).toBeNull();
    expect(openDisputeRefusal({ ...open, status: "NO_SHOW_STUDENT" })).toBeNull();
  });

  it("refuses the tutor and admins, a second dispute, uncharged and non-disputable lessons", () => {
    expect(openDisputeRefusal({ ...open, relation: "tutor" })).toBe("not_payer");
    expect(openDisputeRefusal({ ...open, relation: "other" })).toBe("not_payer");
    expect(openDisputeRefusal({ ...open, hasDispute: true })).toBe("already_disputed");
    expect(openDisputeRefusal({ ...open, status: "SCHEDULED", payout: null })).toBe("not_charged_yet");
    for (const status of ["CANCELLED", "CANCELLED_LATE", "EARLY_END_SHORT", "NO_SHOW_TUTOR"] as const) {
      expect(openDisputeRefusal({ ...open, status })).toBe("not_disputable");
    }
  });

  it("closes at the payout's release time (exclusive) or once it is no longer held", () => {
    expect(openDisputeRefusal({ ...open, now: new Date(later.getTime() - 1) })).toBeNull();
    expect(openDisputeRefusal({ ...open, now: later })).toBe("window_closed");
    expect(openDisputeRefusal({ ...open, payout: { status: "released", releaseAt: later } })).toBe("window_closed");
    expect(openDisputeRefusal({ ...open, payout: null, fallbackWindowEndsAt: later })).toBeNull();
    expect(openDisputeRefusal({ ...open, payout: null, fallbackWindowEndsAt: now })).toBe("window_closed");
  });
});

describe("the tutor's answer", () => {
  it("once, while open, before respond_by (48 h)", () => {
    const respondBy = respondByFor(now);
    expect(respondBy.toISOString()).toBe("2026-12-03T12:00:00.000Z");
    expect(respondRefusal({ status: "open", respondBy }, now)).toBeNull();
    expect(respondRefusal({ status: "open", respondBy }, respondBy)).toBe("too_late");
    expect(respondRefusal({ status: "responded", respondBy }, now)).toBe("already_responded");
    expect(respondRefusal({ status: "resolved", respondBy }, now)).toBe("closed");
    expect(respondRefusal({ status: "accepted", respondBy }, now)).toBe("closed");
  });
});

describe("bodies", () => {
  it("a description of 10–2000 characters, trimmed; a known kind; nothing else", () => {
    expect(ZOpenDispute.parse({ kind: "tutor_no_show", description: "  nobody came at all " })).toEqual({
      kind: "tutor_no_show",
      description: "nobody came at all",
    });
    expect(ZOpenDispute.safeParse({ kind: "tutor_no_show", description: "too short " }).success).toBe(false);
    expect(ZOpenDispute.safeParse({ kind: "tutor_no_show", description: "x".repeat(2001) }).success).toBe(false);
    expect(ZOpenDispute.safeParse({ kind: "refund_me", description: "nobody came at all" }).success).toBe(false);
    expect(ZOpenDispute.safeParse({ kind: "tutor_no_show", description: "nobody came at all", extra: 1 }).success).toBe(false);
    expect(ZRespondToDispute.safeParse({ response: "   " }).success).toBe(false);
  });

  it("a decision: partial refunds need a positive whole amount, others take none; a reason is required", () => {
    expect(ZDecideDispute.safeParse({ outcome: "refund_partial", amount_cents: 500, reason: "half the lesson" }).success).toBe(true);
    expect(ZDecideDispute.safeParse({ outcome: "refund_partial", reason: "half the lesson" }).success).toBe(false);
    expect(ZDecideDispute.safeParse({ outcome: "refund_partial", amount_cents: 0, reason: "half the lesson" }).success).toBe(false);
    expect(ZDecideDispute.safeParse({ outcome: "refund_partial", amount_cents: 1.5, reason: "half the lesson" }).success).toBe(false);
    expect(ZDecideDispute.safeParse({ outcome: "release", amount_cents: 100, reason: "it happened" }).success).toBe(false);
    expect(ZDecideDispute.safeParse({ outcome: "release", reason: "  " }).success).toBe(false);
    expect(ZDecideDispute.safeParse({ outcome: "release", reason: "the tutor's recording shows the lesson" }).success).toBe(true);
  });
});

describe("ratings", () => {
  it("an unresolved, accepted or refunded dispute takes the lesson out of ratings; a release does not", () => {
    expect(isRatingBlockedByDispute(null)).toBe(false);
    expect(isRatingBlockedByDispute({ status: "open", outcome: null })).toBe(true);
    expect(isRatingBlockedByDispute({ status: "accepted", outcome: "refund_full" })).toBe(true);
    expect(isRatingBlockedByDispute({ status: "resolved", outcome: "refund_partial" })).toBe(true);
    expect(isRatingBlockedByDispute({ status: "resolved", outcome: "release" })).toBe(false);
  });
});
