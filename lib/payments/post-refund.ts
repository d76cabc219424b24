import "server-only";
import { AppError } from "@/lib/api/errors";
import type { Tx } from "@/lib/db";
import { toCents } from "@/lib/sessions/shared";
import { allocateRefund, refundableCents, refundRefusal, type TRefundAllocation } from "./refund-allocation";

export type TPostedRefund = TRefundAllocation & {
  /** The refund's number on this session: its rows' keys end in `:<n>`. */
  number: number;
  currency: string;
  /** Refunded in total after this one. */
  refundedCents: number;
  chargeCents: number;
};

type TLedgerRow = { id: string; kind: string; status: string; amount_cents: string | number; party_id: string | null };

/**
 * Posts one refund of a charged lesson as ledger rows, in the caller's transaction (README
 * "Disputes and refunds"): `refund` (party = the charge row's party), `payout_reversal` (the
 * tutor) and `fee_reversal` (the platform), keyed `session:<id>:<kind>:<n>`, the amounts from
 * refund-allocation.ts (proportional, cumulative). A refund of everything left voids a payout
 * that is still held instead of reversing it. The ledger trigger enqueues the provider refund
 * (the payment_attempts row) in this same transaction; pay-collect works it.
 *
 * The session row is locked first, so two refunds of one lesson serialize and the second sees
 * the first's rows: refunds never exceed what was charged (`conflict` when nothing is left,
 * `invalid_input` when the amount is more than what is left).
 */
export async function postRefund(tx: Tx, input: { sessionId: string; amountCents: number; now: Date }): Promise<TPostedRefund> {
  const { sessionId, amountCents } = input;
  const [session] = await tx<{ id: string; currency: string }[]>`
    select id, currency from public.sessions where id = ${sessionId} for no key update`;
  if (!session) throw new AppError("not_found", "There is no session with this id.");
  const rows = await tx<TLedgerRow[]>`
    select id, kind, status, amount_cents, party_id from public.ledger_entries where session_id = ${sessionId} for update`;
  const charge = rows.find((row) => row.kind === "charge");
  if (!charge) throw new AppError("conflict", "This lesson was not charged: there is nothing to refund.", { reason: "not_charged" });
  const payout = rows.find((row) => row.kind === "payout") ?? null;
  const fee = rows.find((row) => row.kind === "platform_fee") ?? null;
  const sum = (kind: string) => rows.filter((row) => row.kind === kind).reduce((total, row) => total + toCents(row.amount_cents), 0);
  const chargeCents = toCents(charge.amount_cents);
  const refundedCents = sum("refund");
  const refusal = refundRefusal({ chargeCents, refundedCents, amountCents });
  if (refusal === "nothing_to_refund") {
    throw new AppError("conflict", "This lesson is already refunded in full.", { reason: "nothing_to_refund" });
  }
  if (refusal) {
    const refundable = refundableCents({ chargeCents, refundedCents });
    throw new AppError("invalid_input", `A refund must be 1 to ${refundable} cents (what was charged less what was refunded).`, {
      reason: refusal,
      refundable_cents: refundable,
    });
  }
  const allocation = allocateRefund({
    chargeCents,
    payoutCents: payout && payout.status !== "void" ? toCents(payout.amount_cents) : 0,
    platformFeeCents: fee ? toCents(fee.amount_cents) : 0,
    refundedCents,
    payoutReversedCents: sum("payout_reversal"),
    amountCents,
    isPayoutHeld: payout?.status === "held",
  });
  const number = rows.filter((row) => row.kind === "refund").length + 1;
  const key = (kind: string) => `session:${sessionId}:${kind}:${number}`;
  const base = { session_id: sessionId, currency: session.currency, status: "posted", release_at: null };
  const inserts = [
    { ...base, kind: "refund", party_id: charge.party_id, amount_cents: allocation.refundCents, idempotency_key: key("refund") },
    ...(allocation.isPayoutVoided || allocation.payoutReversalCents === 0
      ? []
      : [
          {
            ...base,
            kind: "payout_reversal",
            party_id: payout?.party_id ?? null,
            amount_cents: allocation.payoutReversalCents,
            idempotency_key: key("payout_reversal"),
          },
        ]),
    ...(allocation.feeReversalCents === 0
      ? []
      : [
          {
            ...base,
            kind: "fee_reversal",
            party_id: null,
            amount_cents: allocation.feeReversalCents,
            idempotency_key: key("fee_reversal"),
          },
        ]),
  ];
  await tx`insert into public.ledger_entries ${tx(inserts)}`;
  if (allocation.isPayoutVoided && payout) {
    await tx`update public.ledger_entries set status = 'void' where id = ${payout.id} and status = 'held'`;
  }
  return { ...allocation, number, currency: session.currency, refundedCents: refundedCents + amountCents, chargeCents };
}
