import type { Sql } from "postgres";
import { saveCard, saveCustomerRef } from "@/lib/payments/save-payment-method";
import { savePayeeAccount } from "@/lib/payments/save-payee-account";
import type { PaymentProvider } from "@/lib/payments/providers/types";

/**
 * What the payments integration tests need from a provider and its fake: the provider the jobs call,
 * the test-card flows a payer and a tutor go through, what the provider holds (to check "one object
 * per key" and "collected − refunded"), and fault injection (429 with Retry-After, 5xx).
 */
export type TPaymentsHarness = {
  provider: PaymentProvider;
  /** The payer saves a test card through the hosted setup Checkout (4242…: pays; 4000000000009995: declines). */
  saveTestCard(sql: Sql, user: { id: string; email: string }, cardNumber: string): Promise<void>;
  /** The tutor's connected account, created (payouts not enabled) or fully onboarded. */
  createPayee(sql: Sql, tutor: { id: string; email: string }): Promise<string>;
  onboard(sql: Sql, tutor: { id: string; email: string }): Promise<void>;
  paymentIntents(): Promise<{ id: string; amountCents: number; status: string; sessionId: string | null }[]>;
  refunds(): Promise<{ id: string; paymentRef: string; amountCents: number }[]>;
  transfers(): Promise<{ id: string; accountRef: string; amountCents: number; transferGroup: string | null }[]>;
  /** `afterProcessing`: the call is carried out, then its answer lost (an unknown outcome, as after a timeout). */
  failNext(count: number, status: 429 | 500, options?: { afterProcessing?: boolean }): void;
  /** New refunds stay pending until settleRefund (bank refunds), or succeed at once (the default). */
  setRefundMode(mode: "succeeded" | "pending"): void;
  /** A pending refund settles or fails; a succeeded one can still fail (the card issuer returned it). */
  settleRefund(refundRef: string, status: "succeeded" | "failed"): void;
  /** The provider forgets every idempotency key (Stripe does after 24 hours): the same key then makes a new object. */
  expireIdempotencyKeys(): void;
  /** Delays every answer by `ms` (a slow provider). */
  setLatency(ms: number): void;
  /** Every webhook the fake signed, in order. */
  deliveries(): { rawBody: string; signature: string }[];
  stop(): Promise<void>;
};

export const CARD_OK = "4242424242424242";
export const CARD_DECLINED = "4000000000009995";
export const CARD_NEEDS_AUTH = "4000002760003184";
/** Pays; a refund to it succeeds, then the issuer returns it (failed) when the fake is told to. */
export const CARD_REFUND_FAILS = "4000000000005126";

export async function saveCardThroughCheckout(
  sql: Sql,
  provider: PaymentProvider,
  complete: (checkoutRef: string, cardNumber: string) => Promise<void>,
  user: { id: string; email: string },
  cardNumber: string,
): Promise<void> {
  const { customerRef } = await provider.ensureCustomer({
    userId: user.id,
    email: user.email,
    name: user.email,
    idempotencyKey: `customer:${user.id}`,
  });
  await sql.begin((tx) => saveCustomerRef(tx, { userId: user.id, customerRef }));
  const checkout = await provider.createSetupCheckout({
    customerRef,
    userId: user.id,
    successUrl: "http://localhost/payments/return?session_id={CHECKOUT_SESSION_ID}",
    cancelUrl: "http://localhost/payments",
    idempotencyKey: `setup:${user.id}:${cardNumber}:${Date.now()}`,
  });
  await complete(checkout.checkoutRef, cardNumber);
  const state = await provider.readCheckout(checkout.checkoutRef);
  if (state.status !== "complete" || state.mode !== "setup") throw new Error(`setup checkout not complete: ${JSON.stringify(state)}`);
  await sql.begin((tx) => saveCard(tx, { userId: user.id, customerRef: state.customerRef, card: state.card, now: new Date() }));
}

export async function savePayee(sql: Sql, tutorId: string, accountRef: string, payoutsEnabled: boolean): Promise<void> {
  await sql.begin((tx) => savePayeeAccount(tx, { tutorId, accountRef, payoutsEnabled, detailsSubmitted: payoutsEnabled, now: new Date() }));
}
