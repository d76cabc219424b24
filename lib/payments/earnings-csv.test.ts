import { describe, expect, it } from "vitest";
import { earningsCsv } from "./earnings-csv";
import type { TEarning, TTutorEarnings } from "./read-tutor-earnings";

const base: TEarning = {
  ledgerEntryId: "l1",
  sessionId: "s1",
  state: "held",
  payoutCents: 8000,
  reversedCents: 0,
  netCents: 8000,
  currency: "TTD",
  earnedAt: new Date("2026-11-30T12:00:00Z"),
  releaseAt: new Date("2026-12-01T13:00:00Z"),
  releasedAt: null,
  transferStatus: null,
  transferRef: null,
  subjectName: "Algebra",
  studentName: "Ann",
  lessonStartAt: new Date("2026-11-30T10:00:00Z"),
};

function earnings(items: TEarning[]): TTutorEarnings {
  return {
    currency: "TTD",
    totals: { heldCents: 0, releasedCents: 0, paidOutCents: 0, reversedCents: 0 },
    held: [],
    items,
    weeks: [],
    timeZone: "America/Port_of_Spain",
    payoutAccount: null,
  };
}

describe("earningsCsv", () => {
  it("writes one row per payout, times in the tutor's zone, amounts as decimals", () => {
    const csv = earningsCsv(
      earnings([
        base,
        { ...base, ledgerEntryId: "l2", state: "paid_out", reversedCents: 1500, netCents: 6500, releaseAt: null, transferRef: "tr_1" },
      ]),
    );
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      "lesson (America/Port_of_Spain),subject,student,state,currency,payout,refunded,net,releases (America/Port_of_Spain),transfer ref",
    );
    expect(lines[1]).toBe('"Mon, 30 Nov 2026, 6:00 am",Algebra,Ann,held,TTD,80.00,0.00,80.00,"Tue, 1 Dec 2026, 9:00 am",');
    expect(lines[2]).toContain(",paid out,TTD,80.00,15.00,65.00,,tr_1");
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe("");
  });

  it("neutralises a student name that is a formula", () => {
    const csv = earningsCsv(earnings([{ ...base, studentName: "@SUM(1,2)" }]));
    expect(csv).toContain(`"'@SUM(1,2)"`);
  });
});
