import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createStripeProvider } from "@/lib/payments/providers/stripe";
import { PaymentProviderError, type PaymentProvider, type TChargeRequest } from "@/lib/payments/providers/types";
import { startStripeFake, STRIPE_TEST_CARDS, type TStripeFake } from "../fakes/stripe-fake";

/**
 * Every PaymentProvider call through the local Stripe fake with the real stripe-node client
 * (README "Payments"): customers, setup Checkout, off-session charges (success, decline,
 * authentication), idempotent retries, refund limits, Connect onboarding and transfers, 429s.
 */
let fake: TStripeFake;
let provider: PaymentProvider;

beforeAll(async () => {
  fake = await startStripeFake({ rateLimitPerSecond: null });
  provider = fake.provider;
});

afterAll(async () => {
  await fake.stop();
});

beforeEach(() => {
  fake.controls.setRateLimit(null);
});

/** A new payer's customer and an open setup Checkout (back to /done?checkout=… once saved). */
async function openSetupCheckout() {
  const userId = randomUUID();
  const { customerRef } = await provider.ensureCustomer({
    userId,
    email: `${userId}@example.test`,
    name: "Pat Payer",
    idempotencyKey: `customer:${userId}`,
  });
  const link = await provider.createSetupCheckout({
    customerRef,
    userId,
    successUrl: "http://localhost:3000/done?checkout={CHECKOUT_SESSION_ID}",
    cancelUrl: "http://localhost:3000/back",
    idempotencyKey: `setup:${userId}`,
  });
  return { userId, customerRef, link };
}

async function payerWithCard(cardNumber: string = STRIPE_TEST_CARDS.visa.number) {
  const { userId, customerRef, link } = await openSetupCheckout();
  const outcome = fake.controls.completeCheckout(link.checkoutRef, cardNumber);
  expect(outcome.status).toBe("complete");
  const state = await provider.readCheckout(link.checkoutRef);
  if (state.status !== "complete" || state.mode !== "setup") throw new Error(`setup checkout not complete: ${state.status}`);
  return { userId, customerRef, card: state.card, checkoutRef: link.checkoutRef, outcome };
}

function chargeRequest(
  payer: { customerRef: string; card: { paymentMethodRef: string } },
  overrides: Partial<TChargeRequest> = {},
): TChargeRequest {
  const sessionId = randomUUID();
  return {
    customerRef: payer.customerRef,
    paymentMethodRef: payer.card.paymentMethodRef,
    amountCents: 15_000,
    currency: "TTD",
    description: "Mathematics lesson",
    sessionId,
    attemptId: randomUUID(),
    transferGroup: sessionId,
    idempotencyKey: `session:${sessionId}:charge`,
    ...overrides,
  };
}

const intentsOf = (sessionId: string) =>
  fake.controls.objects("payment_intents").filter((intent) => (intent.metadata as Record<string, string>).session_id === sessionId);

describe("customers and saved cards", () => {
  it("creates one customer per idempotency key, with the user id in its metadata", async () => {
    const userId = randomUUID();
    const request = { userId, email: "one@example.test", name: "One", idempotencyKey: `customer:${userId}` };
    const first = await provider.ensureCustomer(request);
    const second = await provider.ensureCustomer(request);
    expect(second.customerRef).toBe(first.customerRef);
    const customers = fake.controls
      .objects("customers")
      .filter((customer) => (customer.metadata as Record<string, string>).user_id === userId);
    expect(customers).toHaveLength(1);
    expect(
      fake.controls
        .requests()
        .filter((entry) => entry.idempotencyKey === request.idempotencyKey)
        .map((entry) => entry.isReplay),
    ).toEqual([false, true]);
  });

  it("a setup Checkout is open until the payer saves a card; then readCheckout returns brand and last 4", async () => {
    const { userId, customerRef, link } = await openSetupCheckout();
    expect(link.url).toBe(`${fake.baseUrl}/checkout/${link.checkoutRef}`);
    expect(await provider.readCheckout(link.checkoutRef)).toEqual({ status: "open", checkoutRef: link.checkoutRef });

    const outcome = fake.controls.completeCheckout(link.checkoutRef, "4242 4242 4242 4242");
    expect(outcome).toEqual({ status: "complete", redirectUrl: `http://localhost:3000/done?checkout=${link.checkoutRef}` });
    const state = await provider.readCheckout(link.checkoutRef);
    expect(state).toMatchObject({
      status: "complete",
      mode: "setup",
      customerRef,
      userId,
      card: { brand: "visa", last4: "4242", expMonth: 12 },
    });
    if (state.status === "complete" && state.mode === "setup") expect(state.card.paymentMethodRef).toMatch(/^pm_/);
    // A finished Checkout cannot be completed twice.
    expect(fake.controls.completeCheckout(link.checkoutRef, STRIPE_TEST_CARDS.visa.number).status).toBe("not_open");
  });

  it("the hosted Checkout page saves a card over plain HTTP: form, then 303 to success_url with the session id", async () => {
    const { link } = await openSetupCheckout();
    const page = await fetch(link.url);
    const html = await page.text();
    expect(html).toContain('<label for="card-number">Card number</label>');
    expect(html).toContain(">Save card</button>");
    const invalid = await fetch(link.url, {
      method: "POST",
      body: new URLSearchParams({ card_number: "4242 4242 4242 4241" }),
      redirect: "manual",
    });
    expect(invalid.status).toBe(402);
    expect(await invalid.text()).toContain("Your card number is invalid.");
    const saved = await fetch(link.url, {
      method: "POST",
      body: new URLSearchParams({ card_number: STRIPE_TEST_CARDS.mastercard.number }),
      redirect: "manual",
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`http://localhost:3000/done?checkout=${link.checkoutRef}`);
    expect(await provider.readCheckout(link.checkoutRef)).toMatchObject({ card: { brand: "mastercard", last4: "4444" } });
  });
});

describe("off-session charges", () => {
  it("charges a saved Visa: one succeeded PaymentIntent with the lesson's metadata and transfer group", async () => {
    const payer = await payerWithCard();
    const request = chargeRequest(payer);
    const result = await provider.chargeOffSession(request);
    expect(result).toMatchObject({ status: "succeeded", paymentRef: expect.stringMatching(/^pi_/) });
    const [intent] = intentsOf(request.sessionId);
    expect(intent).toMatchObject({
      status: "succeeded",
      amount: 15_000,
      amount_received: 15_000,
      currency: "ttd",
      customer: payer.customerRef,
      transfer_group: request.transferGroup,
      metadata: { session_id: request.sessionId, attempt_id: request.attemptId },
    });
  });

  it("a declined card (insufficient funds) is action_required with the PaymentIntent, not an exception", async () => {
    const payer = await payerWithCard(STRIPE_TEST_CARDS.insufficientFunds.number);
    const request = chargeRequest(payer);
    const result = await provider.chargeOffSession(request);
    expect(result).toMatchObject({ status: "action_required", code: "insufficient_funds", paymentRef: expect.stringMatching(/^pi_/) });
    const [intent] = intentsOf(request.sessionId);
    expect(intent?.status).toBe("requires_payment_method");
    if (result.status === "action_required") expect(result.paymentRef).toBe(intent?.id);
  });

  it("a card needing authentication declines off-session (authentication_required) and pays on-session through Checkout", async () => {
    const payer = await payerWithCard(STRIPE_TEST_CARDS.authenticationRequired.number);
    const request = chargeRequest(payer);
    expect(await provider.chargeOffSession(request)).toMatchObject({ status: "action_required", code: "authentication_required" });

    const checkout = await provider.createPaymentCheckout({
      customerRef: payer.customerRef,
      amountCents: request.amountCents,
      currency: request.currency,
      description: "Mathematics lesson",
      sessionId: request.sessionId,
      attemptId: request.attemptId,
      transferGroup: request.transferGroup,
      successUrl: "http://localhost:3000/pay/done?checkout={CHECKOUT_SESSION_ID}",
      cancelUrl: "http://localhost:3000/pay",
      idempotencyKey: `${request.idempotencyKey}:checkout:1`,
    });
    const html = await (await fetch(checkout.url)).text();
    expect(html).toContain(">Pay</button>");
    expect(html).toContain("TTD 150.00");
    // A declined card on the page leaves it open with the decline shown.
    expect(fake.controls.completeCheckout(checkout.checkoutRef, STRIPE_TEST_CARDS.insufficientFunds.number)).toMatchObject({
      status: "declined",
    });
    expect(fake.controls.completeCheckout(checkout.checkoutRef, STRIPE_TEST_CARDS.authenticationRequired.number).status).toBe("complete");
    const state = await provider.readCheckout(checkout.checkoutRef);
    expect(state).toMatchObject({
      status: "complete",
      mode: "payment",
      amountCents: 15_000,
      sessionId: request.sessionId,
      attemptId: request.attemptId,
    });
    const succeeded = intentsOf(request.sessionId).filter((intent) => intent.status === "succeeded");
    expect(succeeded).toHaveLength(1);
    if (state.status === "complete" && state.mode === "payment") expect(state.paymentRef).toBe(succeeded[0]?.id);
  });

  it("the test tokens work as payment methods (pm_card_visa, pm_card_chargeDeclinedInsufficientFunds, pm_card_authenticationRequired)", async () => {
    const userId = randomUUID();
    const { customerRef } = await provider.ensureCustomer({
      userId,
      email: "t@example.test",
      name: "T",
      idempotencyKey: `customer:${userId}`,
    });
    const charge = (paymentMethodRef: string) => provider.chargeOffSession(chargeRequest({ customerRef, card: { paymentMethodRef } }));
    expect((await charge("pm_card_visa")).status).toBe("succeeded");
    expect(await charge("pm_card_chargeDeclinedInsufficientFunds")).toMatchObject({
      status: "action_required",
      code: "insufficient_funds",
    });
    expect(await charge("pm_card_authenticationRequired")).toMatchObject({ status: "action_required", code: "authentication_required" });
  });

  it("a retried charge with the same key creates ONE PaymentIntent, also when the first answer was lost", async () => {
    const payer = await payerWithCard();
    const request = chargeRequest(payer);
    fake.controls.failNext(1, 500, { afterProcessing: true });
    const lost = await provider.chargeOffSession(request).catch((error: unknown) => error);
    expect(lost).toBeInstanceOf(PaymentProviderError);
    expect(lost).toMatchObject({ kind: "transient" });
    const retried = await provider.chargeOffSession(request);
    const again = await provider.chargeOffSession(request);
    expect(retried.status).toBe("succeeded");
    expect(again).toEqual(retried);
    expect(intentsOf(request.sessionId)).toHaveLength(1);
  });

  it("a declined charge stays declined for its key; the next key (…:retry:1) makes a new attempt", async () => {
    const payer = await payerWithCard(STRIPE_TEST_CARDS.insufficientFunds.number);
    const request = chargeRequest(payer);
    const first = await provider.chargeOffSession(request);
    expect(await provider.chargeOffSession(request)).toEqual(first);
    expect(intentsOf(request.sessionId)).toHaveLength(1);
    await provider.chargeOffSession({ ...request, idempotencyKey: `${request.idempotencyKey}:retry:1` });
    expect(intentsOf(request.sessionId)).toHaveLength(2);
  });

  it("the same key with different parameters is refused (invalid, idempotency_error) and creates nothing", async () => {
    const payer = await payerWithCard();
    const request = chargeRequest(payer);
    await provider.chargeOffSession(request);
    const error = await provider.chargeOffSession({ ...request, amountCents: 9_999 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: "invalid", code: "idempotency_error" });
    expect(intentsOf(request.sessionId)).toHaveLength(1);
  });

  it("a network failure (connection dropped) and a timeout are transient", async () => {
    const payer = await payerWithCard();
    fake.controls.failNext(1, 0);
    expect(await provider.chargeOffSession(chargeRequest(payer)).catch((error: unknown) => error)).toMatchObject({ kind: "transient" });
    const impatient = createStripeProvider({
      secretKey: fake.env.STRIPE_SECRET_KEY,
      webhookSecret: fake.env.STRIPE_WEBHOOK_SECRET,
      apiUrl: fake.baseUrl,
      timeoutMs: 100,
    });
    fake.controls.setLatency(400);
    try {
      expect(await impatient.chargeOffSession(chargeRequest(payer)).catch((error: unknown) => error)).toMatchObject({ kind: "transient" });
    } finally {
      fake.controls.setLatency(0);
    }
  });

  it("over the rate limit: rate_limited with Retry-After in ms; nothing is created by the refused call", async () => {
    const payer = await payerWithCard();
    fake.controls.setRateLimit(3);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => provider.chargeOffSession(chargeRequest(payer))));
    const refused = results
      .filter((result): result is PromiseRejectedResult => result.status === "rejected")
      .map((result) => result.reason as unknown);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(3);
    expect(refused).toHaveLength(3);
    for (const error of refused) {
      expect(error).toBeInstanceOf(PaymentProviderError);
      expect(error).toMatchObject({ kind: "rate_limited", retryAfterMs: 1000 });
    }
    fake.controls.setRateLimit(null);
    fake.controls.failNext(1, 429);
    expect(await provider.chargeOffSession(chargeRequest(payer)).catch((error: unknown) => error)).toMatchObject({ kind: "rate_limited" });
  });
});

describe("refunds", () => {
  it("refunds never exceed what was collected: partial, the rest, then charge_already_refunded", async () => {
    const payer = await payerWithCard();
    const request = chargeRequest(payer);
    const charge = await provider.chargeOffSession(request);
    if (charge.status !== "succeeded") throw new Error("charge failed");
    const refund = (amountCents: number, n: number) =>
      provider.refund({
        paymentRef: charge.paymentRef,
        amountCents,
        sessionId: request.sessionId,
        idempotencyKey: `session:${request.sessionId}:refund:${n}`,
      });

    expect(await refund(5_000, 1)).toMatchObject({ status: "succeeded", refundRef: expect.stringMatching(/^re_/) });
    expect(await refund(10_001, 2).catch((error: unknown) => error)).toMatchObject({ kind: "invalid", code: "amount_too_large" });
    expect(await refund(10_000, 3)).toMatchObject({ status: "succeeded" });
    expect(await refund(1, 4).catch((error: unknown) => error)).toMatchObject({ kind: "invalid", code: "charge_already_refunded" });
    // A retried refund (same key) is the same refund.
    const first = fake.controls.objects("refunds").filter((entry) => entry.payment_intent === charge.paymentRef);
    expect(await refund(5_000, 1)).toMatchObject({ refundRef: first[0]?.id });
    expect(first.map((entry) => entry.amount)).toEqual([5_000, 10_000]);
  });

  it("a declined charge has nothing to refund", async () => {
    const payer = await payerWithCard(STRIPE_TEST_CARDS.insufficientFunds.number);
    const result = await provider.chargeOffSession(chargeRequest(payer));
    if (result.status !== "action_required" || !result.paymentRef) throw new Error("expected a decline");
    const error = await provider
      .refund({ paymentRef: result.paymentRef, amountCents: 100, sessionId: "s", idempotencyKey: randomUUID() })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: "invalid", code: "charge_not_refundable" });
  });

  it("a pending refund settles later (refund.updated)", async () => {
    const payer = await payerWithCard();
    const charge = await provider.chargeOffSession(chargeRequest(payer));
    if (charge.status !== "succeeded") throw new Error("charge failed");
    fake.controls.setRefundMode("pending");
    try {
      const refund = await provider.refund({
        paymentRef: charge.paymentRef,
        amountCents: 100,
        sessionId: "s",
        idempotencyKey: randomUUID(),
      });
      expect(refund.status).toBe("pending");
      if (refund.status !== "pending") return;
      fake.controls.settleRefund(refund.refundRef, "succeeded");
      expect(fake.controls.object(refund.refundRef)?.status).toBe("succeeded");
      expect(fake.controls.deliveries().at(-1)?.type).toBe("refund.updated");
    } finally {
      fake.controls.setRefundMode("succeeded");
    }
  });
});

describe("payees and transfers", () => {
  it("creates an Express account, onboards it through the hosted page, and transfers once per key", async () => {
    const tutorId = randomUUID();
    const { accountRef } = await provider.createPayee({ tutorId, email: "tutor@example.test", idempotencyKey: `payee:${tutorId}` });
    expect(accountRef).toMatch(/^acct_/);
    expect((await provider.createPayee({ tutorId, email: "tutor@example.test", idempotencyKey: `payee:${tutorId}` })).accountRef).toBe(
      accountRef,
    );
    expect(await provider.readPayee(accountRef)).toEqual({ accountRef, payoutsEnabled: false, detailsSubmitted: false });

    const sessionId = randomUUID();
    const transfer = {
      accountRef,
      amountCents: 12_000,
      currency: "TTD",
      sessionId,
      transferGroup: sessionId,
      idempotencyKey: `session:${sessionId}:payout`,
    };
    expect(await provider.transfer(transfer).catch((error: unknown) => error)).toMatchObject({
      kind: "invalid",
      code: "insufficient_capabilities_for_transfer",
    });

    const { url } = await provider.createOnboardingLink({
      accountRef,
      refreshUrl: "http://localhost:3000/tutor/earnings/onboarding/refresh",
      returnUrl: "http://localhost:3000/tutor/earnings/onboarding/return",
    });
    const page = await fetch(url);
    expect(await page.text()).toContain(">Complete onboarding</button>");
    const submitted = await fetch(url, { method: "POST", body: new URLSearchParams({}), redirect: "manual" });
    expect(submitted.status).toBe(303);
    expect(submitted.headers.get("location")).toBe("http://localhost:3000/tutor/earnings/onboarding/return");
    // An account link works once: the next visit goes to refresh_url.
    const again = await fetch(url, { redirect: "manual" });
    expect(again.headers.get("location")).toBe("http://localhost:3000/tutor/earnings/onboarding/refresh");
    expect(await provider.readPayee(accountRef)).toEqual({ accountRef, payoutsEnabled: true, detailsSubmitted: true });
    expect(
      fake.controls.deliveries().some((delivery) => delivery.type === "account.updated" && delivery.rawBody.includes(accountRef)),
    ).toBe(true);

    // The refused call above stored its answer under the key (Stripe does too): a new key after onboarding.
    const paid = { ...transfer, idempotencyKey: `${transfer.idempotencyKey}:retry:1` };
    fake.controls.failNext(1, 503, { afterProcessing: true });
    expect(await provider.transfer(paid).catch((error: unknown) => error)).toMatchObject({ kind: "transient" });
    const result = await provider.transfer(paid);
    expect(await provider.transfer(paid)).toEqual(result);
    const transfers = fake.controls.objects("transfers").filter((entry) => entry.transfer_group === sessionId);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({ amount: 12_000, currency: "ttd", destination: accountRef, metadata: { session_id: sessionId } });
    expect(result).toEqual({ status: "succeeded", transferRef: transfers[0]?.id });
  });

  it("transfers to an unknown account are invalid (resource_missing)", async () => {
    const error = await provider
      .transfer({
        accountRef: "acct_doesnotexist",
        amountCents: 1,
        currency: "TTD",
        sessionId: "s",
        transferGroup: "s",
        idempotencyKey: randomUUID(),
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: "invalid", code: "resource_missing" });
  });
});

describe("the fake speaks Stripe's protocol", () => {
  it("answers a wrong key with 401 (StripeAuthenticationError) and an unknown parameter with 400 parameter_unknown", async () => {
    const wrong = new Stripe("sk_test_wrong", {
      host: "127.0.0.1",
      port: new URL(fake.baseUrl).port,
      protocol: "http",
      maxNetworkRetries: 0,
    });
    await expect(wrong.customers.create({ email: "x@example.test" })).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    const right = new Stripe(fake.env.STRIPE_SECRET_KEY, {
      host: "127.0.0.1",
      port: new URL(fake.baseUrl).port,
      protocol: "http",
      maxNetworkRetries: 0,
    });
    await expect(right.customers.create({ email: "x@example.test", colour: "blue" } as Stripe.CustomerCreateParams)).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      code: "parameter_unknown",
      statusCode: 400,
    });
    await expect(right.customers.retrieve("cus_missing")).rejects.toMatchObject({ code: "resource_missing", statusCode: 404 });
  });

  it("over raw HTTP: nested form keys, Idempotent-Replayed on a replay, Retry-After on a 429", async () => {
    const post = (body: string, key: string) =>
      fetch(`${fake.baseUrl}/v1/customers`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${fake.env.STRIPE_SECRET_KEY}`,
          "content-type": "application/x-www-form-urlencoded",
          "idempotency-key": key,
        },
        body,
      });
    const key = randomUUID();
    const first = await post("email=raw%40example.test&metadata[user_id]=u-1&expand[]=invoice_settings", key);
    const created = (await first.json()) as { id: string; metadata: Record<string, string> };
    expect(first.status).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(created.metadata).toEqual({ user_id: "u-1" });
    const replay = await post("email=raw%40example.test&metadata[user_id]=u-1&expand[]=invoice_settings", key);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(((await replay.json()) as { id: string }).id).toBe(created.id);
    const conflict = await post("email=other%40example.test", key);
    expect(conflict.status).toBe(400);
    expect(await conflict.json()).toMatchObject({ error: { type: "idempotency_error" } });

    fake.controls.setRateLimit(1);
    await post("email=a%40example.test", randomUUID());
    const limited = await post("email=b%40example.test", randomUUID());
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(await limited.json()).toMatchObject({ error: { code: "rate_limit" } });
  });

  it("offers its controls over HTTP under /__control (for specs in another process)", async () => {
    const control = async (path: string, body?: unknown) => {
      const response = await fetch(
        `${fake.baseUrl}/__control${path}`,
        body === undefined ? {} : { method: "POST", body: JSON.stringify(body) },
      );
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect(await control("/health")).toEqual({ status: 200, body: { ok: true, fake: "stripe" } });
    const userId = randomUUID();
    const { customerRef } = await provider.ensureCustomer({
      userId,
      email: "h@example.test",
      name: "H",
      idempotencyKey: `customer:${userId}`,
    });
    const link = await provider.createSetupCheckout({
      customerRef,
      userId,
      successUrl: "http://localhost/ok",
      cancelUrl: "http://localhost/no",
      idempotencyKey: randomUUID(),
    });
    expect(await control(`/checkout/${link.checkoutRef}/complete`, { card_number: STRIPE_TEST_CARDS.visa.number })).toMatchObject({
      status: 200,
      body: { status: "complete", redirectUrl: "http://localhost/ok" },
    });
    const customers = (await control("/objects/customers")).body.data as { id: string }[];
    expect(customers.map((customer) => customer.id)).toContain(customerRef);
    const { accountRef } = await provider.createPayee({ tutorId: userId, email: "h@example.test", idempotencyKey: randomUUID() });
    expect((await control(`/accounts/${accountRef}/complete-onboarding`, {})).status).toBe(200);
    expect(await provider.readPayee(accountRef)).toMatchObject({ payoutsEnabled: true });
    const deliveries = (await control("/deliveries")).body.deliveries as { type: string }[];
    expect(deliveries.at(-1)?.type).toBe("account.updated");
    await control("/fail-next", { count: 1, status: 503 });
    expect(await provider.readPayee(accountRef).catch((error: unknown) => error)).toMatchObject({ kind: "transient" });
    expect((await control("/no-such-control", {})).status).toBe(404);
  });

  it("signs every event like Stripe: constructEvent accepts each delivery", () => {
    const deliveries = fake.controls.deliveries();
    expect(deliveries.length).toBeGreaterThan(10);
    const stripe = new Stripe(fake.env.STRIPE_SECRET_KEY);
    for (const delivery of deliveries.slice(-5)) {
      const event = stripe.webhooks.constructEvent(delivery.rawBody, delivery.signature, fake.env.STRIPE_WEBHOOK_SECRET, 300);
      expect(event.id).toBe(delivery.eventId);
    }
  });
});
