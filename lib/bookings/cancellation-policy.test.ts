import { describe, expect, it } from "vitest";
import {
  cancellationRefusal,
  evaluateCancellation,
  freeCancellationEndsAt,
  isFreeCancellationOpen,
  lateCancellationSplit,
  type TCancellationActor,
  type TCancellationSession,
} from "./cancellation-policy";

const startAt = new Date("2026-12-10T15:00:00.000Z");
const session: TCancellationSession = {
  status: "SCHEDULED",
  startAt,
  priceCents: 10_000,
  freeCancelHours: 24,
  lateCancelChargeBps: 5000,
  lateCancelPayoutBps: 4500,
};
const atFreeBoundary = new Date("2026-12-09T15:00:00.000Z");
const oneSecondLate = new Date("2026-12-09T15:00:01.000Z");
const oneSecondBeforeStart = new Date("2026-12-10T14:59:59.000Z");

const FREE = { allowed: true, chargeCents: 0, payoutCents: 0, feeCents: 0 } as const;
const LATE = { allowed: true, chargeCents: 5000, payoutCents: 4500, feeCents: 500, policy: "late" } as const;

describe("freeCancellationEndsAt / isFreeCancellationOpen", () => {
  it("ends exactly free_cancel_hours before the start, free at the boundary itself", () => {
    expect(freeCancellationEndsAt(startAt, 24)).toEqual(atFreeBoundary);
    expect(isFreeCancellationOpen({ startAt, freeCancelHours: 24, now: atFreeBoundary })).toBe(true);
    expect(isFreeCancellationOpen({ startAt, freeCancelHours: 24, now: oneSecondLate })).toBe(false);
  });
});

describe("evaluateCancellation at every boundary", () => {
  const cases: [TCancellationActor, Date, unknown][] = [
    ["student", atFreeBoundary, { ...FREE, policy: "free" }],
    ["student", oneSecondLate, LATE],
    ["student", oneSecondBeforeStart, LATE],
    ["student", startAt, { allowed: false, reason: "started" }],
    ["parent", atFreeBoundary, { ...FREE, policy: "free" }],
    ["parent", oneSecondLate, LATE],
    ["parent", startAt, { allowed: false, reason: "started" }],
    ["tutor", atFreeBoundary, { ...FREE, policy: "tutor" }],
    ["tutor", oneSecondLate, { ...FREE, policy: "tutor" }],
    ["tutor", oneSecondBeforeStart, { ...FREE, policy: "tutor" }],
    ["tutor", startAt, { allowed: false, reason: "started" }],
    ["admin", atFreeBoundary, { ...FREE, policy: "admin" }],
    ["admin", oneSecondLate, { ...FREE, policy: "admin" }],
    ["admin", startAt, { allowed: false, reason: "started" }],
  ];
  it.each(cases)("%s at %s", (actor, now, expected) => {
    expect(evaluateCancellation({ actor, session, now })).toEqual(expected);
  });

  it("refuses after the start too, and long before it is free", () => {
    expect(evaluateCancellation({ actor: "student", session, now: new Date("2026-12-10T16:00:00Z") })).toEqual({
      allowed: false,
      reason: "started",
    });
    expect(evaluateCancellation({ actor: "student", session, now: new Date("2026-11-01T00:00:00Z") })).toMatchObject({ policy: "free" });
  });

  it("uses the session's frozen hours, not a default", () => {
    const short = { ...session, freeCancelHours: 12 };
    expect(evaluateCancellation({ actor: "student", session: short, now: oneSecondLate })).toMatchObject({ policy: "free" });
    expect(evaluateCancellation({ actor: "student", session: short, now: new Date("2026-12-10T03:00:01Z") })).toMatchObject({
      policy: "late",
    });
  });

  it.each([
    ["CANCELLED", "already_cancelled"],
    ["CANCELLED_LATE", "already_cancelled"],
    ["COMPLETED_ASSUMED", "already_charged"],
    ["NO_SHOW_STUDENT", "already_charged"],
    ["EARLY_END_SHORT", "not_scheduled"],
  ])("refuses a %s session for every actor (%s)", (status, reason) => {
    for (const actor of ["student", "parent", "tutor", "admin"] as const) {
      expect(evaluateCancellation({ actor, session: { ...session, status }, now: atFreeBoundary })).toEqual({ allowed: false, reason });
    }
  });
});

describe("lateCancellationSplit", () => {
  it("rounds half up and keeps charge = payout + fee for every price", () => {
    for (let price = 1; price <= 3000; price++) {
      const split = lateCancellationSplit({ priceCents: price, lateCancelChargeBps: 5000, lateCancelPayoutBps: 4500 });
      expect(split.chargeCents).toBe(Math.floor((price * 5000 * 2 + 10_000) / 20_000));
      expect(split.payoutCents).toBe(Math.floor((price * 4500 * 2 + 10_000) / 20_000));
      expect(split.chargeCents).toBe(split.payoutCents + split.feeCents);
      expect(split.feeCents).toBeGreaterThanOrEqual(0);
    }
    expect(lateCancellationSplit({ priceCents: 4999, lateCancelChargeBps: 5000, lateCancelPayoutBps: 4500 })).toEqual({
      chargeCents: 2500,
      payoutCents: 2250,
      feeCents: 250,
    });
  });

  it("refuses a payout above the charge", () => {
    expect(() => lateCancellationSplit({ priceCents: 100, lateCancelChargeBps: 4000, lateCancelPayoutBps: 4500 })).toThrow(RangeError);
  });
});

describe("cancellationRefusal", () => {
  it("is null only for a scheduled session before its start", () => {
    expect(cancellationRefusal({ status: "SCHEDULED", startAt, now: oneSecondBeforeStart })).toBeNull();
    expect(cancellationRefusal({ status: "SCHEDULED", startAt, now: startAt })).toBe("started");
    expect(cancellationRefusal({ status: "CANCELLED", startAt, now: atFreeBoundary })).toBe("already_cancelled");
    expect(cancellationRefusal({ status: "NO_SHOW_STUDENT", startAt, now: atFreeBoundary })).toBe("already_charged");
  });
});
