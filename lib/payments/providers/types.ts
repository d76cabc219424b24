/**
 * The payment provider seam (README "Payments"). The ledger (ledger_entries) says what is owed;
 * a PaymentProvider is how it is settled: a card saved once, charged off-session at the charge
 * time, refunded, and tutors paid through connected accounts. Two implementations:
 * `stripe` (stripe-node; a local Stripe-compatible fake in `npm run dev` and the tests) and
 * `manual` (no card online: amounts due shown to the payer, payouts as the admin's CSV).
 *
 * Every call that creates something at the provider takes an explicit idempotency key, derived
 * from the ledger row's own key (`session:<id>:charge`, `session:<id>:refund:<n>`,
 * `session:<id>:payout`), so a retried call never creates a second object. A call whose outcome
 * is unknown (network error, timeout) is retried with the SAME key; only after a definitive
 * decline does the next attempt use `<key>:retry:<n>` (a declined PaymentIntent stays declined
 * for its key).
 *
 * Methods never touch the database and are never called inside a database transaction.
 */

export type TPaymentProviderName = "stripe" | "manual";

/** A saved card as the payer sees it: never more than brand and last 4. */
export type TSavedCard = { paymentMethodRef: string; brand: string; last4: string; expMonth: number; expYear: number };

export type TEnsureCustomerRequest = { userId: string; email: string; name: string; idempotencyKey: string };

/** A hosted page (Checkout in setup mode): the payer saves a card; no card data ever reaches us. */
export type TSetupCheckoutRequest = {
  customerRef: string;
  userId: string;
  /** Where the hosted page sends the payer back; `{CHECKOUT_SESSION_ID}` is replaced by the provider. */
  successUrl: string;
  cancelUrl: string;
  idempotencyKey: string;
};

/** A hosted page (Checkout in payment mode) to pay a declined or authentication-required charge on-session. */
export type TPaymentCheckoutRequest = {
  customerRef: string;
  amountCents: number;
  currency: string;
  description: string;
  /** Copied to the provider's metadata and returned on its webhook events. */
  sessionId: string;
  attemptId: string;
  /** The session id, so charges and transfers of one lesson are grouped at the provider. */
  transferGroup: string;
  successUrl: string;
  cancelUrl: string;
  idempotencyKey: string;
};

export type TCheckoutLink = { checkoutRef: string; url: string };

/** What a finished (or abandoned) hosted Checkout says, read back when the payer returns. */
export type TCheckoutState =
  | { status: "open" | "expired"; checkoutRef: string }
  | { status: "complete"; checkoutRef: string; mode: "setup"; customerRef: string; userId: string | null; card: TSavedCard }
  | {
      status: "complete";
      checkoutRef: string;
      mode: "payment";
      paymentRef: string;
      amountCents: number;
      sessionId: string | null;
      attemptId: string | null;
    };

export type TChargeRequest = {
  customerRef: string;
  paymentMethodRef: string;
  amountCents: number;
  currency: string;
  description: string;
  sessionId: string;
  attemptId: string;
  transferGroup: string;
  idempotencyKey: string;
};

/**
 * A charge's definitive outcome. `action_required`: the payer must act on-session (authentication, or a
 * decline they fix with another card: "Complete payment"). `manual_due`: the manual provider, nothing was
 * charged online; the amount is due from the payer.
 */
export type TChargeResult =
  | { status: "succeeded"; paymentRef: string }
  | { status: "action_required"; paymentRef: string | null; code: string; message: string }
  | { status: "manual_due" };

export type TRefundRequest = {
  /** The collected PaymentIntent to refund from. */
  paymentRef: string;
  amountCents: number;
  sessionId: string;
  idempotencyKey: string;
};
/**
 * A refund's state at the provider. `failed`: the card issuer returned it (an expired or cancelled card),
 * possibly after it had `succeeded`; the money is back with the platform and the payer is still owed it.
 */
export type TRefundState =
  { status: "succeeded" | "pending"; refundRef: string } | { status: "failed"; refundRef: string; failureReason: string | null };
export type TRefundResult = TRefundState | { status: "manual_due" };

/**
 * What an earlier call with `idempotencyKey` created, looked up by the key the object carries in its metadata
 * (the workers ask before sending a key again more than 23 hours after it was first sent: Stripe forgets a key
 * after 24 hours, and the same key would then make a second object).
 */
export type TFindPaymentRequest = { customerRef: string; idempotencyKey: string; since: Date };
export type TFoundPayment = { paymentRef: string; status: "succeeded" | "processing" | "not_paid" };
export type TFindRefundRequest = { paymentRef: string; idempotencyKey: string };
export type TFindTransferRequest = { transferGroup: string; idempotencyKey: string };

export type TCreatePayeeRequest = { tutorId: string; email: string; idempotencyKey: string };
export type TOnboardingLinkRequest = { accountRef: string; refreshUrl: string; returnUrl: string };
export type TPayeeState = { accountRef: string; payoutsEnabled: boolean; detailsSubmitted: boolean };

export type TTransferRequest = {
  accountRef: string;
  amountCents: number;
  currency: string;
  sessionId: string;
  transferGroup: string;
  idempotencyKey: string;
};
export type TTransferResult = { status: "succeeded"; transferRef: string } | { status: "manual_due" };

/** A verified webhook event, normalized. `createdAt` orders events of one object (they may arrive out of order). */
export type TPaymentEvent = { eventId: string; type: string; createdAt: Date } & (
  | { kind: "setup_completed"; checkoutRef: string; customerRef: string; userId: string | null; card: TSavedCard }
  | { kind: "payment_succeeded"; paymentRef: string; amountCents: number; sessionId: string | null; attemptId: string | null }
  | { kind: "payment_failed"; paymentRef: string; code: string; message: string; sessionId: string | null; attemptId: string | null }
  | {
      kind: "refund_updated";
      refundRef: string;
      paymentRef: string;
      status: "succeeded" | "pending" | "failed";
      /** Why a failed refund failed (Stripe: expired_or_canceled_card, lost_or_stolen_card, unknown). */
      failureReason: string | null;
    }
  | { kind: "payee_updated"; accountRef: string; payoutsEnabled: boolean; detailsSubmitted: boolean }
  | { kind: "ignored" }
);

export type TWebhookInput = { rawBody: string; signature: string | null; now: Date };

/**
 * A failed call. `rate_limited` (429: wait `retryAfterMs`), `transient` (network, 5xx, timeout: retry
 * with the same key), `invalid` (a request the provider refuses: not retried as is), `unsupported`
 * (the manual provider has no hosted pages or connected accounts).
 */
export type TPaymentErrorKind = "rate_limited" | "transient" | "invalid" | "unsupported";
export class PaymentProviderError extends Error {
  readonly kind: TPaymentErrorKind;
  readonly code: string;
  readonly retryAfterMs: number | null;
  constructor(kind: TPaymentErrorKind, code: string, message: string, retryAfterMs: number | null = null) {
    super(message);
    this.name = "PaymentProviderError";
    this.kind = kind;
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Thrown by verifyWebhook: a bad or missing signature, or a timestamp outside the tolerance (300 s). */
export class WebhookSignatureError extends Error {
  readonly reason: "missing" | "bad_signature" | "stale" | "malformed";
  constructor(reason: "missing" | "bad_signature" | "stale" | "malformed", message: string) {
    super(message);
    this.name = "WebhookSignatureError";
    this.reason = reason;
  }
}

export interface PaymentProvider {
  readonly name: TPaymentProviderName;
  /** Booking requires a saved payment method (stripe) or not (manual: paid by hand). */
  readonly requiresSavedPaymentMethod: boolean;
  /** Operations per second the provider allows this account (Stripe: ~25 test mode, ~100 live). */
  readonly rateLimitPerSecond: number;

  ensureCustomer(request: TEnsureCustomerRequest): Promise<{ customerRef: string }>;
  createSetupCheckout(request: TSetupCheckoutRequest): Promise<TCheckoutLink>;
  createPaymentCheckout(request: TPaymentCheckoutRequest): Promise<TCheckoutLink>;
  readCheckout(checkoutRef: string): Promise<TCheckoutState>;
  chargeOffSession(request: TChargeRequest): Promise<TChargeResult>;
  /** The card a collected payment was paid with (a receipt names it), or null when it was not a card. */
  readPaymentCard(paymentRef: string): Promise<{ brand: string; last4: string } | null>;
  refund(request: TRefundRequest): Promise<TRefundResult>;
  /**
   * A refund the provider accepted, read again (not re-created: an idempotency key is only kept for a day,
   * and a pending refund can take longer).
   */
  readRefund(refundRef: string): Promise<TRefundState>;
  createPayee(request: TCreatePayeeRequest): Promise<{ accountRef: string }>;
  createOnboardingLink(request: TOnboardingLinkRequest): Promise<{ url: string }>;
  readPayee(accountRef: string): Promise<TPayeeState>;
  transfer(request: TTransferRequest): Promise<TTransferResult>;
  /** The PaymentIntent a charge's key created, if any (see TFindPaymentRequest). */
  findPayment(request: TFindPaymentRequest): Promise<TFoundPayment | null>;
  /** The refund a refund's key created, if any. */
  findRefund(request: TFindRefundRequest): Promise<TRefundState | null>;
  /** The transfer a payout's key created, if any. */
  findTransfer(request: TFindTransferRequest): Promise<{ transferRef: string } | null>;
  /** Verifies the signature over the raw body (300 s tolerance) and normalizes the event; throws WebhookSignatureError. */
  verifyWebhook(input: TWebhookInput): TPaymentEvent;
}
