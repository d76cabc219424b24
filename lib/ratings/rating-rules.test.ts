import { describe, expect, it } from "vitest";
import { STORED_SESSION_STATUSES } from "@/lib/sessions/shared";
import {
  formatRatingSummary,
  isRatingEditable,
  isSessionRatable,
  RATING_EDIT_MS,
  ratingRefusal,
  ZRateSession,
  ZReplyToRating,
} from "./rating-rules";

describe("which lessons can be rated", () => {
  it("only a completed lesson, never a no-show, cancelled, short or scheduled one", () => {
    const ratable = STORED_SESSION_STATUSES.filter((status) => isSessionRatable({ status }));
    expect(ratable).toEqual(["COMPLETED_ASSUMED"]);
    expect(ratingRefusal({ status: "NO_SHOW_STUDENT" })).toBe("no_show");
    expect(ratingRefusal({ status: "CANCELLED" })).toBe("cancelled");
    expect(ratingRefusal({ status: "EARLY_END_SHORT" })).toBe("short");
    expect(ratingRefusal({ status: "SCHEDULED" })).toBe("not_completed");
  });

  it("not a disputed one, even when completed", () => {
    expect(ratingRefusal({ status: "COMPLETED_ASSUMED", isDisputed: true })).toBe("disputed");
  });
});

describe("the 7-day edit window", () => {
  const createdAt = new Date("2026-12-01T10:00:00Z");
  const editableUntil = new Date(createdAt.getTime() + RATING_EDIT_MS);
  it("is open until, not at, editable_until", () => {
    expect(isRatingEditable({ editableUntil }, new Date(editableUntil.getTime() - 1))).toBe(true);
    expect(isRatingEditable({ editableUntil }, editableUntil)).toBe(false);
    expect(editableUntil.toISOString()).toBe("2026-12-08T10:00:00.000Z");
  });
});

describe("input", () => {
  it.each([0, 6, 2.5, -1, "4", null])("refuses stars %s", (stars) => {
    expect(ZRateSession.safeParse({ stars }).success).toBe(false);
  });
  it("accepts 1 to 5 with a trimmed comment, an empty one as none", () => {
    expect(ZRateSession.parse({ stars: 5, comment: "  Great  " })).toEqual({ stars: 5, comment: "Great" });
    expect(ZRateSession.parse({ stars: 1, comment: "   " })).toEqual({ stars: 1, comment: null });
    expect(ZRateSession.parse({ stars: 3 })).toEqual({ stars: 3, comment: null });
  });
  it("refuses a comment or reply over 2000 characters and unknown keys", () => {
    expect(ZRateSession.safeParse({ stars: 4, comment: "x".repeat(2001) }).success).toBe(false);
    expect(ZRateSession.safeParse({ stars: 4, comment: "x".repeat(2000) }).success).toBe(true);
    expect(ZRateSession.safeParse({ stars: 4, reply: "mine" }).success).toBe(false);
    expect(ZReplyToRating.safeParse({ reply: "x".repeat(2001) }).success).toBe(false);
    expect(ZReplyToRating.safeParse({ reply: "  " }).success).toBe(false);
  });
});

it("formats a summary with one decimal", () => {
  expect(formatRatingSummary({ average: 4.7, count: 12 })).toBe("4.7 (12)");
  expect(formatRatingSummary({ average: 5, count: 3 })).toBe("5.0 (3)");
});
