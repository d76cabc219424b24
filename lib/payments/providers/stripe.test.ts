import { createHmac } from "node:crypto";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { createStripeProvider, normalizeStripeEvent, stripeConnection, toProviderError } from "@/lib/payments/providers/stripe";
import { PaymentProviderError, WebhookSignatureError } from "@/lib/payments/providers/types";

const SECRET = "whsec_unit-test-secret";
const provider = createStripeProvider({ secretKey: "sk_test_unit", webhookSecret: SECRET, apiUrl: "http://127.0.0.1:9" });
const NOW = new Date("2026-12-01T12:00:00.000Z");
const NOW_SECONDS = NOW.getTime() / 1000;

function sign(body: string, timestamp = NOW_SECONDS, secret = SECRET): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

function event(type: string, object: Record<string, unknown>, created = NOW_SECONDS - 10): string {
  return JSON.stringify({ id: `evt_${type.replace(/\W/g, "")}`, object: "event", type, created, data: { object }, livemode: false });
}

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof WebhookSignatureError) return error.reason;
    throw error;
  }
  return "accepted";
}

describe("stripeConnection", () => {
  it.each([
    [undefined, {}],
    ["http://127.0.0.1:54326", { host: "127.0.0.1", port: 54326, protocol: "http" }],
    ["https://api.stripe.com", { host: "api.stripe.com", port: 443, protocol: "https" }],
    ["http://localhost", { host: "localhost", port: 80, protocol: "http" }],
  ])("parses %s into stripe-node's host/port/protocol", (url, expected) => {
    expect(stripeConnection(url)).toEqual(expected);
  });

  it("refuses a URL that is not http(s)", () => {
    expect(() => stripeConnection("ftp://example.com")).toThrow(/http/);
  });
});

describe("toProviderError", () => {
  const raw = (fields: Record<string, unknown>) => ({ message: "boom", ...fields });

  it("a 429 is rate_limited, waiting Retry-After seconds (in ms), 1 s when absent", () => {
    const limited = new Stripe.errors.StripeRateLimitError({
      ...raw({ code: "rate_limit" }),
      statusCode: 429,
      headers: { "retry-after": "3" },
    });
    expect(toProviderError(limited)).toMatchObject({ kind: "rate_limited", code: "rate_limit", retryAfterMs: 3000 });
    expect(toProviderError(new Stripe.errors.StripeRateLimitError({ ...raw({}), statusCode: 429 }))).toMatchObject({ retryAfterMs: 1000 });
  });

  it("connection errors, 5xx and 409 (a concurrent request on the same key) are transient", () => {
    expect(toProviderError(new Stripe.errors.StripeConnectionError(raw({})))).toMatchObject({ kind: "transient" });
    expect(toProviderError(new Stripe.errors.StripeAPIError({ ...raw({}), statusCode: 500 }))).toMatchObject({ kind: "transient" });
    expect(
      toProviderError(new Stripe.errors.StripeInvalidRequestError({ ...raw({ code: "lock_timeout" }), statusCode: 409 })),
    ).toMatchObject({
      kind: "transient",
    });
  });

  it("a refused request is invalid with Stripe's code; an idempotency conflict says so", () => {
    const tooLarge = new Stripe.errors.StripeInvalidRequestError({ ...raw({ code: "amount_too_large" }), statusCode: 400 });
    expect(toProviderError(tooLarge)).toMatchObject({ kind: "invalid", code: "amount_too_large", message: "boom" });
    const conflict = new Stripe.errors.StripeIdempotencyError({ ...raw({}), statusCode: 400 });
    expect(toProviderError(conflict)).toMatchObject({ kind: "invalid", code: "idempotency_error" });
  });

  it("keeps a PaymentProviderError as it is", () => {
    const error = new PaymentProviderError("unsupported", "x", "y");
    expect(toProviderError(error)).toBe(error);
  });
});

describe("verifyWebhook", () => {
  const body = event("customer.created", { id: "cus_1", object: "customer" });

  it("accepts a body signed with the secret within 300 s", () => {
    expect(provider.verifyWebhook({ rawBody: body, signature: sign(body, NOW_SECONDS - 299), now: NOW })).toMatchObject({
      eventId: "evt_customercreated",
      kind: "ignored",
    });
  });

  it.each([
    ["missing", null],
    ["bad_signature", sign(body, NOW_SECONDS, "whsec_other")],
    ["bad_signature", sign(`${body} `)],
    ["stale", sign(body, NOW_SECONDS - 301)],
    ["stale", sign(body, NOW_SECONDS + 301)],
    ["malformed", "v1=abc"],
  ])("refuses with reason %s", (reason, signature) => {
    expect(reasonOf(() => provider.verifyWebhook({ rawBody: body, signature, now: NOW }))).toBe(reason);
  });

  it("a signed event whose object is missing is malformed, not a crash", () => {
    const broken = JSON.stringify({ id: "evt_x", type: "payment_intent.succeeded", created: NOW_SECONDS, data: {} });
    expect(reasonOf(() => provider.verifyWebhook({ rawBody: broken, signature: sign(broken), now: NOW }))).toBe("malformed");
  });

  it("a signed body that is not JSON is malformed", () => {
    expect(reasonOf(() => provider.verifyWebhook({ rawBody: "not json", signature: sign("not json"), now: NOW }))).toBe("malformed");
  });
});

describe("normalizeStripeEvent", () => {
  const parse = (type: string, object: Record<string, unknown>) => normalizeStripeEvent(JSON.parse(event(type, object)) as Stripe.Event);

  it("payment_intent.succeeded: the amount received and our metadata", () => {
    expect(
      parse("payment_intent.succeeded", {
        id: "pi_1",
        object: "payment_intent",
        amount_received: 15_000,
        metadata: { session_id: "s1", attempt_id: "a1" },
      }),
    ).toEqual({
      eventId: "evt_payment_intentsucceeded",
      type: "payment_intent.succeeded",
      createdAt: new Date((NOW_SECONDS - 10) * 1000),
      kind: "payment_succeeded",
      paymentRef: "pi_1",
      amountCents: 15_000,
      sessionId: "s1",
      attemptId: "a1",
    });
  });

  it("payment_intent.payment_failed: the issuer's decline code when there is one", () => {
    expect(
      parse("payment_intent.payment_failed", {
        id: "pi_2",
        metadata: {},
        last_payment_error: { code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds." },
      }),
    ).toMatchObject({ kind: "payment_failed", code: "insufficient_funds", message: "Your card has insufficient funds.", sessionId: null });
  });

  it("payment_method.attached with a customer is a saved card; without one it is ignored", () => {
    const card = { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2034 };
    expect(parse("payment_method.attached", { id: "pm_1", customer: "cus_1", card })).toMatchObject({
      kind: "setup_completed",
      customerRef: "cus_1",
      userId: null,
      card: { paymentMethodRef: "pm_1", brand: "visa", last4: "4242", expMonth: 12, expYear: 2034 },
    });
    expect(parse("payment_method.attached", { id: "pm_1", customer: null, card }).kind).toBe("ignored");
  });

  it.each([
    ["succeeded", "succeeded"],
    ["pending", "pending"],
    ["requires_action", "pending"],
    ["failed", "failed"],
    ["canceled", "failed"],
  ])("refund status %s is %s", (status, expected) => {
    expect(parse("refund.updated", { id: "re_1", payment_intent: "pi_1", status })).toMatchObject({
      kind: "refund_updated",
      status: expected,
    });
  });

  it.each(["refund.failed", "refund.updated", "charge.refund.updated"])("%s of a returned refund carries its failure reason", (type) => {
    expect(parse(type, { id: "re_1", payment_intent: "pi_1", status: "failed", failure_reason: "expired_or_canceled_card" })).toEqual(
      expect.objectContaining({ kind: "refund_updated", refundRef: "re_1", status: "failed", failureReason: "expired_or_canceled_card" }),
    );
    expect(parse(type, { id: "re_1", payment_intent: "pi_1", status: "succeeded", failure_reason: null })).toMatchObject({
      failureReason: null,
    });
  });

  it("account.updated: payouts and details", () => {
    expect(parse("account.updated", { id: "acct_1", payouts_enabled: true, details_submitted: true })).toMatchObject({
      kind: "payee_updated",
      accountRef: "acct_1",
      payoutsEnabled: true,
      detailsSubmitted: true,
    });
  });

  it("ignores the rest (checkout.session.completed included: the return page reads the Checkout)", () => {
    expect(parse("checkout.session.completed", { id: "cs_1" }).kind).toBe("ignored");
    expect(parse("charge.refunded", { id: "ch_1" }).kind).toBe("ignored");
  });
});
