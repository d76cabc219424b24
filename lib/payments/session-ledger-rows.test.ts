import { describe, expect, it } from "vitest";
import { sessionLedgerRows } from "./session-ledger-rows";
import { completedSplit, noShowSplit } from "./split";

const ids = { sessionId: "s-1", studentId: "student-1", tutorId: "tutor-1", currency: "TTD" };
const releaseAt = new Date("2030-01-02T00:00:00Z");

describe("sessionLedgerRows", () => {
  it("posts the charge and the fee and holds the payout until releaseAt, one key per kind", () => {
    const rows = sessionLedgerRows({ ...ids, split: noShowSplit(10_000), releaseAt });
    expect(rows).toEqual([
      {
        session_id: "s-1",
        currency: "TTD",
        kind: "charge",
        party_id: "student-1",
        amount_cents: 5000,
        status: "posted",
        release_at: null,
        idempotency_key: "session:s-1:charge",
      },
      {
        session_id: "s-1",
        currency: "TTD",
        kind: "payout",
        party_id: "tutor-1",
        amount_cents: 4500,
        status: "held",
        release_at: releaseAt,
        idempotency_key: "session:s-1:payout",
      },
      {
        session_id: "s-1",
        currency: "TTD",
        kind: "platform_fee",
        party_id: null,
        amount_cents: 500,
        status: "posted",
        release_at: null,
        idempotency_key: "session:s-1:platform_fee",
      },
    ]);
  });

  it("skips zero amounts (the ledger only holds positive movements)", () => {
    const rows = sessionLedgerRows({
      ...ids,
      split: completedSplit(1_000, { completionPayoutBps: 10_000, noShowChargeBps: 5000, noShowPayoutBps: 4500 }),
      releaseAt,
    });
    expect(rows.map((row) => row.kind)).toEqual(["charge", "payout"]);
    expect(sessionLedgerRows({ ...ids, split: { chargeCents: 0, payoutCents: 0, platformFeeCents: 0 }, releaseAt })).toEqual([]);
  });

  it("the rows sum to the split: charge = payout + fee", () => {
    for (const price of [1, 3, 99, 101, 12_345]) {
      const split = noShowSplit(price);
      const rows = sessionLedgerRows({ ...ids, split, releaseAt });
      const sum = (kind: string) => rows.filter((row) => row.kind === kind).reduce((total, row) => total + row.amount_cents, 0);
      expect(sum("charge")).toBe(sum("payout") + sum("platform_fee"));
    }
  });
});
