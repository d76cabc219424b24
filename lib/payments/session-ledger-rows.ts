import type { TSplit } from "@/lib/payments/split";

export const LEDGER_KINDS = ["charge", "payout", "platform_fee"] as const;
export type TLedgerKind = (typeof LEDGER_KINDS)[number];

export type TLedgerInsert = {
  session_id: string;
  kind: TLedgerKind;
  party_id: string | null;
  amount_cents: number;
  currency: string;
  status: "posted" | "held";
  release_at: Date | null;
  idempotency_key: string;
};

/**
 * The ledger rows of one charged session (lib/README.md, Money): the student's charge
 * (posted), the tutor's payout (held in escrow until releaseAt) and the
 * platform's fee (posted, no party). Zero amounts get no row (amount > 0 is a
 * table constraint). One key per (session, kind), so no retry can post twice.
 */
export function sessionLedgerRows(input: {
  sessionId: string;
  studentId: string;
  tutorId: string;
  currency: string;
  split: TSplit;
  releaseAt: Date;
}): TLedgerInsert[] {
  const base = { session_id: input.sessionId, currency: input.currency };
  const rows: TLedgerInsert[] = [
    {
      ...base,
      kind: "charge",
      party_id: input.studentId,
      amount_cents: input.split.chargeCents,
      status: "posted",
      release_at: null,
      idempotency_key: "",
    },
    {
      ...base,
      kind: "payout",
      party_id: input.tutorId,
      amount_cents: input.split.payoutCents,
      status: "held",
      release_at: input.releaseAt,
      idempotency_key: "",
    },
    {
      ...base,
      kind: "platform_fee",
      party_id: null,
      amount_cents: input.split.platformFeeCents,
      status: "posted",
      release_at: null,
      idempotency_key: "",
    },
  ];
  return rows.filter((row) => row.amount_cents > 0).map((row) => ({ ...row, idempotency_key: `session:${input.sessionId}:${row.kind}` }));
}
