import Stripe from "stripe";
import {
  PaymentProviderError,
  WebhookSignatureError,
  type PaymentProvider,
  type TCheckoutState,
  type TPaymentEvent,
  type TRefundState,
  type TSavedCard,
} from "./types.ts"; // relative with its extension: the Stripe fake imports this file under plain Node too

/**
 * The `stripe` payment provider (README "Payments") through stripe-node: cards saved with a setup-mode
 * Checkout Session, charged off-session with a confirmed PaymentIntent, refunds, Connect Express
 * accounts onboarded with Account Links, separate transfers grouped by the lesson (`transfer_group`),
 * and webhooks verified with `constructEvent` (300 s tolerance).
 *
 * stripe-node's own retries are off (maxNetworkRetries 0): the payment attempts outbox retries with
 * backoff and the SAME idempotency key, so an unknown outcome never becomes a second object.
 * No database, no environment: the secrets are passed in (lib/payments/providers/index.ts reads them),
 * which also lets the local fake (tests/fakes/stripe-fake.ts) build one in plain Node.
 */
export const WEBHOOK_TOLERANCE_SECONDS = 300;
const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_RATE_LIMIT_PER_SECOND = 25;
const DEFAULT_RETRY_AFTER_MS = 1_000;

export type TStripeProviderOptions = {
  secretKey: string;
  webhookSecret: string;
  /** The API's origin; unset: Stripe itself. The local fake's URL in development and tests. */
  apiUrl?: string;
  rateLimitPerSecond?: number;
  /** Per-call timeout; a timeout is a `transient` error (retried with the same key). */
  timeoutMs?: number;
};

/** `http://127.0.0.1:4020` → stripe-node's host / port / protocol options. */
export function stripeConnection(apiUrl: string | undefined): { host?: string; port?: number; protocol?: "http" | "https" } {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`STRIPE_API_URL must be http(s)://, got ${url.protocol}`);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === "http" ? 80 : 443, protocol };
}

function retryAfterMs(error: Stripe.errors.StripeError): number {
  const header = error.headers?.["retry-after"];
  const seconds = header === undefined ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.max(1, seconds) * 1000 : DEFAULT_RETRY_AFTER_MS;
}

/** Any failure of a call, as the outbox understands it. Card errors on a charge are handled before this. */
export function toProviderError(error: unknown): PaymentProviderError {
  if (error instanceof PaymentProviderError) return error;
  if (error instanceof Stripe.errors.StripeRateLimitError || (error instanceof Stripe.errors.StripeError && error.statusCode === 429)) {
    return new PaymentProviderError("rate_limited", error.code ?? "rate_limit", error.message, retryAfterMs(error));
  }
  if (error instanceof Stripe.errors.StripeConnectionError || error instanceof Stripe.errors.StripeAPIError) {
    return new PaymentProviderError("transient", error.code ?? "connection_error", error.message);
  }
  if (error instanceof Stripe.errors.StripeError) {
    if (error.statusCode !== undefined && error.statusCode >= 500)
      return new PaymentProviderError("transient", error.code ?? "api_error", error.message);
    if (error.statusCode === 409) return new PaymentProviderError("transient", error.code ?? "idempotency_key_in_use", error.message);
    const code = error.type === "StripeIdempotencyError" ? "idempotency_error" : (error.code ?? error.type);
    return new PaymentProviderError("invalid", code, error.message);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new PaymentProviderError("transient", "unknown_error", message);
}

function cardOf(paymentMethod: Stripe.PaymentMethod): TSavedCard {
  if (!paymentMethod.card) throw new PaymentProviderError("invalid", "not_a_card", `Payment method ${paymentMethod.id} is not a card.`);
  return {
    paymentMethodRef: paymentMethod.id,
    brand: paymentMethod.card.brand,
    last4: paymentMethod.card.last4,
    expMonth: paymentMethod.card.exp_month,
    expYear: paymentMethod.card.exp_year,
  };
}

/** How far before the key's first send a PaymentIntent it created may be dated (clock skew, a slow first call). */
const LOOKUP_MARGIN_SECONDS = 24 * 60 * 60;

/** A refund's status, normalized: requires_action waits like pending; canceled, like failed, leaves the payer owed. */
function refundState(refund: Stripe.Refund): TRefundState {
  if (refund.status === "succeeded") return { status: "succeeded", refundRef: refund.id };
  if (refund.status === "failed" || refund.status === "canceled")
    return { status: "failed", refundRef: refund.id, failureReason: refund.failure_reason ?? refund.status };
  return { status: "pending", refundRef: refund.id };
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

/** A decline code a person can act on: the issuer's reason when there is one (insufficient_funds), else Stripe's code. */
function declineCode(error: { code?: string | null; decline_code?: string | null }): string {
  return error.decline_code ?? error.code ?? "card_declined";
}

export function createStripeProvider(options: TStripeProviderOptions): PaymentProvider {
  const stripe = new Stripe(options.secretKey, {
    ...stripeConnection(options.apiUrl),
    maxNetworkRetries: 0,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    telemetry: false,
    appInfo: { name: "tutoring-sessions" },
  });

  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw toProviderError(error);
    }
  };

  return {
    name: "stripe",
    requiresSavedPaymentMethod: true,
    rateLimitPerSecond: options.rateLimitPerSecond ?? DEFAULT_RATE_LIMIT_PER_SECOND,

    async ensureCustomer(request) {
      const customer = await call(() =>
        stripe.customers.create(
          { email: request.email, name: request.name, metadata: { user_id: request.userId } },
          { idempotencyKey: request.idempotencyKey },
        ),
      );
      return { customerRef: customer.id };
    },

    async createSetupCheckout(request) {
      const session = await call(() =>
        stripe.checkout.sessions.create(
          {
            mode: "setup",
            customer: request.customerRef,
            allowed_payment_method_types: ["card"],
            success_url: request.successUrl,
            cancel_url: request.cancelUrl,
            metadata: { user_id: request.userId },
            setup_intent_data: { metadata: { user_id: request.userId } },
          },
          { idempotencyKey: request.idempotencyKey },
        ),
      );
      if (!session.url) throw new PaymentProviderError("invalid", "no_checkout_url", "Stripe returned a Checkout Session without a URL.");
      return { checkoutRef: session.id, url: session.url };
    },

    async createPaymentCheckout(request) {
      const metadata = { session_id: request.sessionId, attempt_id: request.attemptId };
      const session = await call(() =>
        stripe.checkout.sessions.create(
          {
            mode: "payment",
            customer: request.customerRef,
            allowed_payment_method_types: ["card"],
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: request.currency.toLowerCase(),
                  unit_amount: request.amountCents,
                  product_data: { name: request.description },
                },
              },
            ],
            payment_intent_data: { metadata, transfer_group: request.transferGroup, description: request.description },
            metadata,
            success_url: request.successUrl,
            cancel_url: request.cancelUrl,
          },
          { idempotencyKey: request.idempotencyKey },
        ),
      );
      if (!session.url) throw new PaymentProviderError("invalid", "no_checkout_url", "Stripe returned a Checkout Session without a URL.");
      return { checkoutRef: session.id, url: session.url };
    },

    async readCheckout(checkoutRef): Promise<TCheckoutState> {
      const session = await call(() =>
        stripe.checkout.sessions.retrieve(checkoutRef, { expand: ["setup_intent.payment_method", "payment_intent"] }),
      );
      if (session.status !== "complete") return { status: session.status === "expired" ? "expired" : "open", checkoutRef };
      if (session.mode === "setup") {
        const setupIntent = session.setup_intent;
        const paymentMethod = setupIntent && typeof setupIntent !== "string" ? setupIntent.payment_method : null;
        if (!paymentMethod || typeof paymentMethod === "string") {
          throw new PaymentProviderError("invalid", "setup_incomplete", `Checkout ${checkoutRef} is complete but has no payment method.`);
        }
        return {
          status: "complete",
          checkoutRef,
          mode: "setup",
          customerRef: idOf(session.customer) ?? idOf(paymentMethod.customer) ?? "",
          userId: session.metadata?.user_id ?? null,
          card: cardOf(paymentMethod),
        };
      }
      const paymentIntent = session.payment_intent;
      const paymentRef = idOf(paymentIntent);
      if (!paymentRef)
        throw new PaymentProviderError("invalid", "payment_incomplete", `Checkout ${checkoutRef} is complete but has no payment.`);
      return {
        status: "complete",
        checkoutRef,
        mode: "payment",
        paymentRef,
        amountCents: session.amount_total ?? (typeof paymentIntent === "string" || !paymentIntent ? 0 : paymentIntent.amount_received),
        sessionId: session.metadata?.session_id ?? null,
        attemptId: session.metadata?.attempt_id ?? null,
      };
    },

    async chargeOffSession(request) {
      try {
        const paymentIntent = await stripe.paymentIntents.create(
          {
            amount: request.amountCents,
            currency: request.currency.toLowerCase(),
            customer: request.customerRef,
            payment_method: request.paymentMethodRef,
            allowed_payment_method_types: ["card"],
            off_session: true,
            confirm: true,
            description: request.description,
            metadata: { session_id: request.sessionId, attempt_id: request.attemptId, idempotency_key: request.idempotencyKey },
            transfer_group: request.transferGroup,
          },
          { idempotencyKey: request.idempotencyKey },
        );
        if (paymentIntent.status === "succeeded") return { status: "succeeded", paymentRef: paymentIntent.id };
        if (paymentIntent.status === "requires_action" || paymentIntent.status === "requires_payment_method") {
          const lastError = paymentIntent.last_payment_error;
          return {
            status: "action_required",
            paymentRef: paymentIntent.id,
            code: lastError ? declineCode(lastError) : "authentication_required",
            message: lastError?.message ?? "The card needs its holder to confirm this payment.",
          };
        }
        // processing (not for cards) or anything new: the outcome is not known yet; retry with the same key.
        throw new PaymentProviderError(
          "transient",
          `payment_${paymentIntent.status}`,
          `PaymentIntent ${paymentIntent.id} is ${paymentIntent.status}.`,
        );
      } catch (error) {
        if (error instanceof Stripe.errors.StripeCardError) {
          return {
            status: "action_required",
            paymentRef: error.payment_intent?.id ?? null,
            code: declineCode(error),
            message: error.message,
          };
        }
        throw toProviderError(error);
      }
    },

    async refund(request) {
      const refund = await call(() =>
        stripe.refunds.create(
          {
            payment_intent: request.paymentRef,
            amount: request.amountCents,
            metadata: { session_id: request.sessionId, idempotency_key: request.idempotencyKey },
          },
          { idempotencyKey: request.idempotencyKey },
        ),
      );
      return refundState(refund);
    },

    async readRefund(refundRef) {
      return refundState(await call(() => stripe.refunds.retrieve(refundRef)));
    },

    async createPayee(request) {
      const account = await call(() =>
        stripe.accounts.create(
          {
            type: "express",
            email: request.email,
            capabilities: { transfers: { requested: true } },
            metadata: { tutor_id: request.tutorId },
          },
          { idempotencyKey: request.idempotencyKey },
        ),
      );
      return { accountRef: account.id };
    },

    async createOnboardingLink(request) {
      const link = await call(() =>
        stripe.accountLinks.create({
          account: request.accountRef,
          refresh_url: request.refreshUrl,
          return_url: request.returnUrl,
          type: "account_onboarding",
        }),
      );
      return { url: link.url };
    },

    async readPaymentCard(paymentRef) {
      const intent = await call(() => stripe.paymentIntents.retrieve(paymentRef, { expand: ["payment_method"] }));
      const paymentMethod = intent.payment_method;
      if (!paymentMethod || typeof paymentMethod === "string" || !paymentMethod.card) return null;
      return { brand: paymentMethod.card.brand, last4: paymentMethod.card.last4 };
    },

    async readPayee(accountRef) {
      const account = await call(() => stripe.accounts.retrieve(accountRef));
      return {
        accountRef: account.id,
        payoutsEnabled: account.payouts_enabled === true,
        detailsSubmitted: account.details_submitted === true,
      };
    },

    async transfer(request) {
      const transfer = await call(() =>
        stripe.transfers.create(
          {
            amount: request.amountCents,
            currency: request.currency.toLowerCase(),
            destination: request.accountRef,
            transfer_group: request.transferGroup,
            metadata: { session_id: request.sessionId, idempotency_key: request.idempotencyKey },
          },
          { idempotencyKey: request.idempotencyKey },
        ),
      );
      return { status: "succeeded", transferRef: transfer.id };
    },

    // Lists are newest first and auto-paginated; each is scoped to one customer, PaymentIntent or session.
    async findPayment(request) {
      return call(async () => {
        const since = Math.floor(request.since.getTime() / 1000) - LOOKUP_MARGIN_SECONDS;
        for await (const intent of stripe.paymentIntents.list({ customer: request.customerRef, created: { gte: since }, limit: 100 })) {
          if (intent.metadata?.idempotency_key !== request.idempotencyKey) continue;
          const status = intent.status === "succeeded" ? "succeeded" : intent.status === "processing" ? "processing" : "not_paid";
          return { paymentRef: intent.id, status };
        }
        return null;
      });
    },

    async findRefund(request) {
      return call(async () => {
        for await (const refund of stripe.refunds.list({ payment_intent: request.paymentRef, limit: 100 })) {
          if (refund.metadata?.idempotency_key === request.idempotencyKey) return refundState(refund);
        }
        return null;
      });
    },

    async findTransfer(request) {
      return call(async () => {
        for await (const transfer of stripe.transfers.list({ transfer_group: request.transferGroup, limit: 100 })) {
          if (transfer.metadata?.idempotency_key === request.idempotencyKey) return { transferRef: transfer.id };
        }
        return null;
      });
    },

    verifyWebhook(input) {
      if (!input.signature) throw new WebhookSignatureError("missing", "The Stripe-Signature header is missing.");
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(
          input.rawBody,
          input.signature,
          options.webhookSecret,
          WEBHOOK_TOLERANCE_SECONDS,
          undefined,
          input.now.getTime(),
        );
      } catch (error) {
        throw signatureError(error);
      }
      // constructEvent refuses old timestamps only; a timestamp far in the future is no fresher.
      const timestamp = Number(/(?:^|,)t=(\d+)/.exec(input.signature)?.[1]);
      if (timestamp * 1000 - input.now.getTime() > WEBHOOK_TOLERANCE_SECONDS * 1000) {
        throw new WebhookSignatureError("stale", "The signature's timestamp is in the future, outside the 300 s tolerance.");
      }
      try {
        return normalizeStripeEvent(event);
      } catch {
        // Signed, but not shaped like the event it says it is: refused (400), never a 500 retried forever.
        throw new WebhookSignatureError("malformed", "The webhook body is not a Stripe event of its type.");
      }
    },
  };
}

function signatureError(error: unknown): WebhookSignatureError {
  const message = error instanceof Error ? error.message : String(error);
  if (/tolerance/i.test(message)) return new WebhookSignatureError("stale", "The signature's timestamp is outside the 300 s tolerance.");
  if (/unable to extract|no signatures found with expected scheme/i.test(message)) {
    return new WebhookSignatureError("malformed", "The Stripe-Signature header is malformed.");
  }
  if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
    return new WebhookSignatureError("bad_signature", "No signature matches the body and the webhook secret.");
  }
  // Signed correctly but not JSON.
  return new WebhookSignatureError("malformed", "The webhook body is not a Stripe event.");
}

function metadataOf(object: { metadata?: Stripe.Metadata | null }): { sessionId: string | null; attemptId: string | null } {
  return { sessionId: object.metadata?.session_id ?? null, attemptId: object.metadata?.attempt_id ?? null };
}

/**
 * A verified Stripe event, normalized. A saved card arrives as `payment_method.attached` (the only
 * event carrying the card's brand and last 4; the payer is found by its customer); the setup
 * Checkout's own events are ignored here (the return page reads the Checkout itself).
 */
export function normalizeStripeEvent(event: Stripe.Event): TPaymentEvent {
  if (typeof event.id !== "string" || typeof event.type !== "string" || !Number.isFinite(event.created)) {
    throw new Error("not a Stripe event: id, type and created are required");
  }
  const base = { eventId: event.id, type: event.type, createdAt: new Date(event.created * 1000) };
  switch (event.type) {
    case "payment_method.attached": {
      const paymentMethod = event.data.object;
      const customerRef = idOf(paymentMethod.customer);
      if (!paymentMethod.card || !customerRef) return { ...base, kind: "ignored" };
      return { ...base, kind: "setup_completed", checkoutRef: "", customerRef, userId: null, card: cardOf(paymentMethod) };
    }
    case "payment_intent.succeeded": {
      const paymentIntent = event.data.object;
      return {
        ...base,
        kind: "payment_succeeded",
        paymentRef: paymentIntent.id,
        amountCents: paymentIntent.amount_received,
        ...metadataOf(paymentIntent),
      };
    }
    case "payment_intent.payment_failed": {
      const paymentIntent = event.data.object;
      const lastError = paymentIntent.last_payment_error;
      return {
        ...base,
        kind: "payment_failed",
        paymentRef: paymentIntent.id,
        code: lastError ? declineCode(lastError) : "payment_failed",
        message: lastError?.message ?? "The payment failed.",
        ...metadataOf(paymentIntent),
      };
    }
    case "refund.created":
    case "refund.updated":
    case "refund.failed":
    case "charge.refund.updated": {
      const state = refundState(event.data.object);
      return {
        ...base,
        kind: "refund_updated",
        refundRef: state.refundRef,
        paymentRef: idOf(event.data.object.payment_intent) ?? "",
        status: state.status,
        failureReason: state.status === "failed" ? state.failureReason : null,
      };
    }
    case "account.updated": {
      const account = event.data.object;
      return {
        ...base,
        kind: "payee_updated",
        accountRef: account.id,
        payoutsEnabled: account.payouts_enabled === true,
        detailsSubmitted: account.details_submitted === true,
      };
    }
    default:
      return { ...base, kind: "ignored" };
  }
}
