import "server-only";
import type { ISql } from "postgres";
import { log } from "@/lib/log";
import type { PaymentProvider, TRefundRequest } from "@/lib/payments/providers/types";

export type TDuplicatePayment = { attemptId: string; sessionId: string; ledgerKey: string; paymentRef: string; amountCents: number };

/**
 * A charge attempt settled by one PaymentIntent while another one also collected it (the payer paid on
 * the Complete payment page while an off-session retry went through, whichever was recorded first):
 * the payer paid twice for one ledger charge. Returns the second payment when `paymentRef` is not the
 * one the attempt settled with, so the caller refunds it after its transaction commits.
 */
export async function findDuplicatePayment(
  tx: ISql,
  input: { attemptId: string; paymentRef: string; amountCents: number },
): Promise<TDuplicatePayment | null> {
  const [row] = await tx<{ session_id: string; provider_ref: string | null; status: string; ledger_key: string }[]>`
    select a.session_id, a.provider_ref, a.status, l.idempotency_key as ledger_key
    from public.payment_attempts a join public.ledger_entries l on l.id = a.ledger_entry_id
    where a.id = ${input.attemptId} and a.kind = 'charge'
  `;
  if (!row || row.status !== "succeeded" || row.provider_ref === input.paymentRef) return null;
  return {
    attemptId: input.attemptId,
    sessionId: row.session_id,
    ledgerKey: row.ledger_key,
    paymentRef: input.paymentRef,
    amountCents: input.amountCents,
  };
}

/**
 * Refunds a duplicate payment in full at the provider, with its own idempotency key
 * (`<ledger key>:duplicate:<payment>`), so the two places that can find it (the return page and the
 * webhook) refund it once. Nothing goes in the ledger: the ledger never counted this payment. A refund
 * that fails is logged for an admin, with every id needed to refund it by hand.
 */
export async function refundDuplicatePayment(provider: PaymentProvider, duplicate: TDuplicatePayment): Promise<boolean> {
  try {
    await provider.refund(duplicateRefundRequest(duplicate));
    log.warn("duplicate_charge_refunded", { ...duplicate });
    return true;
  } catch (error) {
    log.error("duplicate_charge_not_refunded", { ...duplicate, error });
    return false;
  }
}

/** The full refund of a duplicate payment, with the one key every path uses (the collection job sends it through its limiter). */
export function duplicateRefundRequest(duplicate: TDuplicatePayment): TRefundRequest {
  return {
    paymentRef: duplicate.paymentRef,
    amountCents: duplicate.amountCents,
    sessionId: duplicate.sessionId,
    idempotencyKey: `${duplicate.ledgerKey}:duplicate:${duplicate.paymentRef}`,
  };
}
