import { cardFromNumber, declineOf, STRIPE_TEST_TOKENS, type TTestCard } from "./stripe-fake-cards.ts";
import { formMetadata, formObject, formString, formStrings, type TForm } from "./stripe-fake-form.ts";
import { expandObject, stripeId, unixNow, type StripeFakeStore, type TStripeObject } from "./stripe-fake-store.ts";

/**
 * The Stripe API subset the app uses, over the fake's store: customers, Checkout Sessions (setup
 * and payment), setup intents, payment methods, off-session PaymentIntents, refunds, Connect Express
 * accounts, account links and transfers. Shapes, error types, codes and statuses follow Stripe's.
 */
export class StripeFakeError extends Error {
  readonly status: number;
  readonly body: { error: Record<string, unknown> };
  constructor(status: number, error: Record<string, unknown>) {
    super(String(error.message));
    this.status = status;
    this.body = { error: { ...error, doc_url: error.code ? `https://docs.stripe.com/error-codes/${String(error.code)}` : undefined } };
  }
}

export function invalidRequest(message: string, fields: { code?: string; param?: string } = {}): StripeFakeError {
  return new StripeFakeError(400, { type: "invalid_request_error", message, ...fields });
}

function missing(objectType: string, id: string, param = "id"): StripeFakeError {
  return new StripeFakeError(404, {
    type: "invalid_request_error",
    code: "resource_missing",
    param,
    message: `No such ${objectType}: '${id}'`,
  });
}

export type TApiResult = { status: number; body: unknown };
export type TEmit = (type: string, object: TStripeObject, extra?: { account?: string }) => void;
export type TApiContext = {
  store: StripeFakeStore;
  baseUrl: () => string;
  emit: TEmit;
  refundMode: () => "succeeded" | "pending";
  /** A refund of a `refund_fails` card (4000000000005126) was created `succeeded`: it turns `failed` later, as Stripe's does. */
  scheduleRefundFailure: (refundId: string) => void;
};

function required(form: TForm, key: string): string {
  const value = formString(form, key);
  if (value === undefined || value === "")
    throw invalidRequest(`Missing required param: ${key}.`, { code: "parameter_missing", param: key });
  return value;
}

function allowOnly(form: TForm, allowed: string[]): void {
  for (const key of Object.keys(form)) {
    if (key !== "expand" && !allowed.includes(key)) {
      throw invalidRequest(`Received unknown parameter: ${key}`, { code: "parameter_unknown", param: key });
    }
  }
}

function positiveInteger(form: TForm, key: string, isRequired = true): number | undefined {
  const raw = formString(form, key);
  if (raw === undefined) {
    if (isRequired) throw invalidRequest(`Missing required param: ${key}.`, { code: "parameter_missing", param: key });
    return undefined;
  }
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value))
    throw invalidRequest(`Invalid integer: ${raw}`, { code: "parameter_invalid_integer", param: key });
  if (value < 1) throw invalidRequest("This value must be greater than or equal to 1.", { code: "parameter_invalid_integer", param: key });
  return value;
}

function currencyOf(form: TForm, key = "currency"): string {
  const currency = required(form, key).toLowerCase();
  if (!/^[a-z]{3}$/.test(currency))
    throw invalidRequest(`Invalid currency: ${currency}.`, { code: "parameter_invalid_string", param: key });
  return currency;
}

function methodTypes(form: TForm): string[] {
  const types = [...formStrings(form, "allowed_payment_method_types"), ...formStrings(form, "payment_method_types")];
  return types.length ? types : ["card"];
}

function bool(form: TForm, key: string): boolean {
  return formString(form, key) === "true";
}

function expanded(context: TApiContext, object: TStripeObject, form: TForm): TApiResult {
  return { status: 200, body: expandObject(context.store, object, formStrings(form, "expand")) };
}

function find(context: TApiContext, objectType: string, id: string, param = "id"): TStripeObject {
  const object = context.store.get(id, objectType);
  if (!object) throw missing(objectType.replace(/^checkout\./, "checkout."), id, param);
  return object;
}

// ---------------------------------------------------------------------------- customers

export function createCustomer(context: TApiContext, form: TForm): TApiResult {
  allowOnly(form, ["email", "name", "metadata", "description"]);
  const customer = context.store.create("customer", {
    email: formString(form, "email") ?? null,
    name: formString(form, "name") ?? null,
    description: formString(form, "description") ?? null,
    metadata: formMetadata(form),
    invoice_settings: { default_payment_method: null },
  });
  return expanded(context, customer, form);
}

export function retrieve(context: TApiContext, objectType: string, id: string, form: TForm): TApiResult {
  return expanded(context, find(context, objectType, id), form);
}

// ---------------------------------------------------------------------------- lists

/**
 * A list endpoint (GET /v1/payment_intents, /v1/refunds, /v1/transfers): newest first, `limit` (1–100,
 * default 10), `starting_after` for the next page, `created[gte]`, and the endpoint's equality filters.
 */
export function listObjects(context: TApiContext, objectType: string, form: TForm, filters: readonly string[]): TApiResult {
  allowOnly(form, ["limit", "starting_after", "created", "expand", ...filters]);
  const limit = positiveInteger(form, "limit", false) ?? 10;
  if (limit > 100)
    throw invalidRequest("This value must be less than or equal to 100.", { code: "parameter_invalid_integer", param: "limit" });
  const created = formObject(form, "created");
  const createdGte = typeof created?.gte === "string" ? Number(created.gte) : null;
  const all = [...context.store.objects.values()]
    .filter((object) => object.object === objectType)
    .filter((object) => filters.every((key) => formString(form, key) === undefined || object[key] === formString(form, key)))
    .filter((object) => createdGte === null || object.created >= createdGte)
    .reverse();
  const after = formString(form, "starting_after");
  const start = after ? all.findIndex((object) => object.id === after) + 1 : 0;
  const page = all.slice(start, start + limit);
  return {
    status: 200,
    body: {
      object: "list",
      data: page.map((object) => expandObject(context.store, object, formStrings(form, "expand"))),
      has_more: start + limit < all.length,
      url: `/v1/${objectType}s`,
    },
  };
}

// ---------------------------------------------------------------------------- payment methods

function paymentMethodFor(context: TApiContext, card: TTestCard, customer: string | null): TStripeObject {
  const expYear = new Date().getUTCFullYear() + 8;
  return context.store.create("payment_method", {
    type: "card",
    customer,
    billing_details: { address: null, email: null, name: null, phone: null },
    card: {
      brand: card.brand,
      last4: card.number.slice(-4),
      exp_month: 12,
      exp_year: expYear,
      funding: "credit",
      country: "US",
      // Not Stripe's: the fake needs the test card's behaviour; real payment methods never carry a number.
      fingerprint: card.number.slice(-8),
    },
    metadata: {},
  });
}

/** A payment_method parameter: an existing pm_… or a test token (which becomes a new PaymentMethod). */
function resolvePaymentMethod(context: TApiContext, reference: string, param = "payment_method"): TStripeObject {
  const token = STRIPE_TEST_TOKENS[reference];
  if (token) return paymentMethodFor(context, token, null);
  return find(context, "payment_method", reference, param);
}

function behaviourOf(paymentMethod: TStripeObject): TTestCard {
  const card = paymentMethod.card as { fingerprint: string; brand: string };
  const known = Object.values(STRIPE_TEST_TOKENS).find((entry) => entry.number.slice(-8) === card.fingerprint);
  return known ?? { number: card.fingerprint, brand: card.brand, behaviour: "succeeds" };
}

export function attachPaymentMethod(context: TApiContext, id: string, form: TForm): TApiResult {
  allowOnly(form, ["customer"]);
  const customer = find(context, "customer", required(form, "customer"), "customer");
  const paymentMethod = resolvePaymentMethod(context, id, "payment_method");
  if (paymentMethod.customer && paymentMethod.customer !== customer.id) {
    throw invalidRequest("The payment method you provided has already been attached to a customer.", {
      code: "payment_method_already_attached",
    });
  }
  context.store.update(paymentMethod, { customer: customer.id });
  context.emit("payment_method.attached", paymentMethod);
  return expanded(context, paymentMethod, form);
}

// ---------------------------------------------------------------------------- setup intents

export function createSetupIntent(context: TApiContext, form: TForm): TApiResult {
  allowOnly(form, [
    "customer",
    "payment_method",
    "confirm",
    "usage",
    "payment_method_types",
    "allowed_payment_method_types",
    "metadata",
    "description",
  ]);
  const customer = find(context, "customer", required(form, "customer"), "customer");
  const reference = formString(form, "payment_method");
  const paymentMethod = reference ? resolvePaymentMethod(context, reference) : null;
  const isConfirmed = bool(form, "confirm") && paymentMethod !== null;
  const setupIntent = context.store.create("setup_intent", {
    customer: customer.id,
    payment_method: paymentMethod?.id ?? null,
    status: isConfirmed ? "succeeded" : paymentMethod ? "requires_confirmation" : "requires_payment_method",
    usage: formString(form, "usage") ?? "off_session",
    payment_method_types: methodTypes(form),
    metadata: formMetadata(form),
    description: formString(form, "description") ?? null,
    client_secret: `${stripeId("seti_")}_secret_${stripeId("", 16)}`,
  });
  if (isConfirmed && paymentMethod) {
    context.store.update(paymentMethod, { customer: customer.id });
    context.emit("payment_method.attached", paymentMethod);
    context.emit("setup_intent.succeeded", setupIntent);
  }
  return expanded(context, setupIntent, form);
}

// ---------------------------------------------------------------------------- payment intents

function chargeFor(
  context: TApiContext,
  paymentIntent: TStripeObject,
  paymentMethod: TStripeObject,
  failure: Record<string, unknown> | null,
) {
  return context.store.create("charge", {
    amount: paymentIntent.amount,
    amount_captured: failure ? 0 : paymentIntent.amount,
    amount_refunded: 0,
    currency: paymentIntent.currency,
    customer: paymentIntent.customer,
    payment_intent: paymentIntent.id,
    payment_method: paymentMethod.id,
    status: failure ? "failed" : "succeeded",
    paid: !failure,
    captured: !failure,
    refunded: false,
    failure_code: failure?.code ?? null,
    failure_message: failure?.message ?? null,
    outcome: failure
      ? { network_status: "declined_by_network", reason: failure.decline_code ?? null, type: "issuer_declined" }
      : { network_status: "approved_by_network", reason: null, type: "authorized" },
    transfer_group: paymentIntent.transfer_group ?? null,
    metadata: paymentIntent.metadata,
  });
}

/** Confirms a PaymentIntent with its payment method: succeeded, or a card error (402) Stripe-style. */
export function confirmPaymentIntent(
  context: TApiContext,
  paymentIntent: TStripeObject,
  paymentMethod: TStripeObject,
  isOffSession: boolean,
) {
  const decline = declineOf(behaviourOf(paymentMethod).behaviour, isOffSession);
  if (!decline) {
    const charge = chargeFor(context, paymentIntent, paymentMethod, null);
    context.store.update(paymentIntent, {
      status: "succeeded",
      payment_method: paymentMethod.id,
      amount_received: paymentIntent.amount,
      latest_charge: charge.id,
      last_payment_error: null,
    });
    context.emit("charge.succeeded", charge);
    context.emit("payment_intent.succeeded", paymentIntent);
    return null;
  }
  const error = {
    type: "card_error",
    code: decline.code,
    decline_code: decline.declineCode,
    message: decline.message,
    payment_method: structuredClone(paymentMethod),
  };
  const charge = chargeFor(context, paymentIntent, paymentMethod, error);
  context.store.update(paymentIntent, {
    status: "requires_payment_method",
    payment_method: null,
    latest_charge: charge.id,
    last_payment_error: { ...error, charge: charge.id },
  });
  context.emit("charge.failed", charge);
  context.emit("payment_intent.payment_failed", paymentIntent);
  return new StripeFakeError(402, { ...error, charge: charge.id, payment_intent: structuredClone(paymentIntent) });
}

export function createPaymentIntent(context: TApiContext, form: TForm): TApiResult {
  allowOnly(form, [
    "amount",
    "currency",
    "customer",
    "payment_method",
    "payment_method_types",
    "allowed_payment_method_types",
    "off_session",
    "confirm",
    "description",
    "metadata",
    "transfer_group",
    "statement_descriptor_suffix",
    "setup_future_usage",
  ]);
  const amount = positiveInteger(form, "amount")!;
  const currency = currencyOf(form);
  const customerId = formString(form, "customer");
  const customer = customerId ? find(context, "customer", customerId, "customer") : null;
  const reference = formString(form, "payment_method");
  const paymentMethod = reference ? resolvePaymentMethod(context, reference) : null;
  if (paymentMethod && customer && paymentMethod.customer && paymentMethod.customer !== customer.id) {
    throw invalidRequest(`The payment method supplied (${paymentMethod.id}) does not belong to this Customer.`, {
      param: "payment_method",
    });
  }
  if (bool(form, "off_session") && !bool(form, "confirm")) {
    throw invalidRequest("off_session can only be used when confirm=true.", { param: "off_session" });
  }
  if (bool(form, "confirm") && !paymentMethod) {
    throw invalidRequest("You cannot confirm this PaymentIntent because it's missing a payment method.", {
      code: "payment_intent_unexpected_state",
    });
  }
  const paymentIntent = context.store.create("payment_intent", {
    amount,
    amount_received: 0,
    currency,
    customer: customer?.id ?? null,
    description: formString(form, "description") ?? null,
    metadata: formMetadata(form),
    transfer_group: formString(form, "transfer_group") ?? null,
    payment_method: paymentMethod?.id ?? null,
    payment_method_types: methodTypes(form),
    status: paymentMethod ? "requires_confirmation" : "requires_payment_method",
    latest_charge: null,
    last_payment_error: null,
    client_secret: `${stripeId("pi_")}_secret_${stripeId("", 16)}`,
    capture_method: "automatic",
    confirmation_method: "automatic",
  });
  context.emit("payment_intent.created", paymentIntent);
  if (bool(form, "confirm") && paymentMethod) {
    const failure = confirmPaymentIntent(context, paymentIntent, paymentMethod, bool(form, "off_session"));
    if (failure) throw failure;
  }
  return expanded(context, paymentIntent, form);
}

// ---------------------------------------------------------------------------- refunds

export function createRefund(context: TApiContext, form: TForm): TApiResult {
  allowOnly(form, ["payment_intent", "charge", "amount", "metadata", "reason"]);
  const paymentIntentId = formString(form, "payment_intent");
  const chargeId = formString(form, "charge");
  if (!paymentIntentId && !chargeId)
    throw invalidRequest("One of the following params should be provided for this request: payment_intent or charge.");
  const charge = chargeId
    ? find(context, "charge", chargeId, "charge")
    : (() => {
        const paymentIntent = find(context, "payment_intent", paymentIntentId!, "payment_intent");
        const latest = typeof paymentIntent.latest_charge === "string" ? context.store.get(paymentIntent.latest_charge, "charge") : null;
        if (paymentIntent.status !== "succeeded" || !latest || latest.status !== "succeeded") {
          throw invalidRequest(`This PaymentIntent (${paymentIntent.id}) does not have a successful charge to refund.`, {
            code: "charge_not_refundable",
            param: "payment_intent",
          });
        }
        return latest;
      })();
  const captured = Number(charge.amount_captured);
  const alreadyRefunded = Number(charge.amount_refunded);
  const remaining = captured - alreadyRefunded;
  if (remaining <= 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: "charge_already_refunded" });
  const amount = positiveInteger(form, "amount", false) ?? remaining;
  if (amount > remaining) {
    throw invalidRequest(`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, {
      code: "amount_too_large",
      param: "amount",
    });
  }
  const paymentMethod = typeof charge.payment_method === "string" ? context.store.get(charge.payment_method, "payment_method") : null;
  const failsLater = paymentMethod !== null && behaviourOf(paymentMethod).behaviour === "refund_fails";
  const status = failsLater ? "succeeded" : context.refundMode();
  const refund = context.store.create("refund", {
    amount,
    currency: charge.currency,
    charge: charge.id,
    payment_intent: charge.payment_intent,
    metadata: formMetadata(form),
    reason: formString(form, "reason") ?? null,
    status,
    failure_reason: null,
  });
  context.store.update(charge, { amount_refunded: alreadyRefunded + amount, refunded: alreadyRefunded + amount === captured });
  context.emit("refund.created", refund);
  context.emit("charge.refunded", charge);
  if (failsLater) context.scheduleRefundFailure(refund.id);
  return expanded(context, refund, form);
}

/**
 * Moves a refund to its final status (what the bank eventually says), with refund.updated: a pending one
 * to succeeded or failed; a succeeded one can still fail (Stripe: the issuer returns it, e.g. the card
 * was cancelled) — its amount is unrefunded on the charge again and back in the platform's hands.
 */
export function settleRefund(
  context: TApiContext,
  refundId: string,
  status: "succeeded" | "failed",
  failureReason: "expired_or_canceled_card" | "lost_or_stolen_card" | "unknown" = "expired_or_canceled_card",
): TStripeObject {
  const refund = find(context, "refund", refundId);
  const canMove = refund.status === "pending" || (refund.status === "succeeded" && status === "failed");
  if (!canMove) return refund;
  context.store.update(refund, { status, failure_reason: status === "failed" ? failureReason : null });
  if (status === "failed") {
    const charge = context.store.get(String(refund.charge), "charge");
    if (charge) context.store.update(charge, { amount_refunded: Number(charge.amount_refunded) - Number(refund.amount), refunded: false });
    context.emit("refund.failed", refund);
  }
  context.emit("refund.updated", refund);
  return refund;
}

// ---------------------------------------------------------------------------- checkout

export function createCheckoutSession(context: TApiContext, form: TForm): TApiResult {
  allowOnly(form, [
    "mode",
    "customer",
    "currency",
    "success_url",
    "cancel_url",
    "metadata",
    "payment_method_types",
    "allowed_payment_method_types",
    "line_items",
    "payment_intent_data",
    "setup_intent_data",
    "client_reference_id",
    "expires_at",
  ]);
  const mode = required(form, "mode");
  if (mode !== "setup" && mode !== "payment")
    throw invalidRequest(`Invalid mode: must be one of payment, setup or subscription`, { param: "mode" });
  const customerId = formString(form, "customer");
  const customer = customerId ? find(context, "customer", customerId, "customer") : null;
  const successUrl = required(form, "success_url");
  if (!/^https?:\/\//.test(successUrl)) throw invalidRequest("Not a valid URL", { code: "url_invalid", param: "success_url" });
  let amountTotal: number | null = null;
  let currency = formString(form, "currency")?.toLowerCase() ?? null;
  let lineItem: Record<string, unknown> | null = null;
  if (mode === "payment") {
    const items = form.line_items;
    const first = Array.isArray(items) ? items[0] : undefined;
    if (!first || typeof first !== "object" || Array.isArray(first)) {
      throw invalidRequest("You must specify either `line_items` or `prices` in `payment` mode.", {
        code: "parameter_missing",
        param: "line_items",
      });
    }
    const priceData = formObject(first, "price_data");
    if (!priceData) throw invalidRequest("Missing required param: line_items[0][price_data].", { code: "parameter_missing" });
    const unitAmount = positiveInteger(priceData, "unit_amount")!;
    const quantity = positiveInteger(first, "quantity")!;
    currency = currencyOf(priceData);
    amountTotal = unitAmount * quantity;
    lineItem = { name: formString(formObject(priceData, "product_data") ?? {}, "name") ?? null, unit_amount: unitAmount, quantity };
  }
  const paymentIntentData = formObject(form, "payment_intent_data") ?? {};
  const setupIntentData = formObject(form, "setup_intent_data") ?? {};
  const id = stripeId("cs_test_a1", 56);
  const session = context.store.create(
    "checkout.session",
    {
      mode,
      status: "open",
      payment_status: mode === "setup" ? "no_payment_required" : "unpaid",
      customer: customer?.id ?? null,
      client_reference_id: formString(form, "client_reference_id") ?? null,
      currency,
      amount_total: amountTotal,
      success_url: successUrl,
      cancel_url: formString(form, "cancel_url") ?? null,
      metadata: formMetadata(form),
      payment_method_types: methodTypes(form),
      setup_intent: null,
      payment_intent: null,
      url: `${context.baseUrl()}/checkout/${id}`,
      expires_at: unixNow() + 24 * 3600,
      // The fake's own record of what the session will create (Stripe keeps these server-side too).
      fake_line_item: lineItem,
      fake_payment_intent_data: {
        metadata: formMetadata(paymentIntentData),
        transfer_group: formString(paymentIntentData, "transfer_group") ?? null,
        description: formString(paymentIntentData, "description") ?? null,
      },
      fake_setup_intent_data: { metadata: formMetadata(setupIntentData) },
    },
    id,
  );
  return expanded(context, publicSession(session), form);
}

/** A Checkout Session as the API shows it (without the fake's own fields). */
export function publicSession(session: TStripeObject): TStripeObject {
  const { fake_line_item: _line, fake_payment_intent_data: _pi, fake_setup_intent_data: _si, ...rest } = session;
  return rest as TStripeObject;
}

export type TCheckoutOutcome =
  | { status: "complete"; redirectUrl: string }
  | { status: "declined"; code: string; message: string }
  | { status: "invalid_card"; message: string }
  | { status: "not_open"; message: string };

/** What the hosted Checkout page does when the payer submits a card number. */
export function completeCheckout(context: TApiContext, sessionId: string, cardNumber: string): TCheckoutOutcome {
  const session = find(context, "checkout.session", sessionId);
  if (session.status !== "open") return { status: "not_open", message: `This Checkout Session is ${String(session.status)}.` };
  const card = cardFromNumber(cardNumber);
  if (!card) return { status: "invalid_card", message: "Your card number is invalid." };
  const customer = typeof session.customer === "string" ? session.customer : null;
  const paymentMethod = paymentMethodFor(context, card, null);
  if (session.mode === "setup") {
    if (card.behaviour === "generic_decline") return { status: "declined", code: "card_declined", message: "Your card was declined." };
    if (customer) context.store.update(paymentMethod, { customer });
    const setupIntent = context.store.create("setup_intent", {
      customer,
      payment_method: paymentMethod.id,
      status: "succeeded",
      usage: "off_session",
      payment_method_types: ["card"],
      metadata: (session.fake_setup_intent_data as { metadata: Record<string, string> }).metadata,
      description: null,
    });
    context.store.update(session, { status: "complete", setup_intent: setupIntent.id });
    if (customer) context.emit("payment_method.attached", paymentMethod);
    context.emit("setup_intent.succeeded", setupIntent);
  } else {
    const data = session.fake_payment_intent_data as {
      metadata: Record<string, string>;
      transfer_group: string | null;
      description: string | null;
    };
    let paymentIntent = typeof session.payment_intent === "string" ? context.store.get(session.payment_intent, "payment_intent") : null;
    paymentIntent ??= context.store.create("payment_intent", {
      amount: session.amount_total,
      amount_received: 0,
      currency: session.currency,
      customer,
      description: data.description,
      metadata: data.metadata,
      transfer_group: data.transfer_group,
      payment_method: null,
      payment_method_types: ["card"],
      status: "requires_payment_method",
      latest_charge: null,
      last_payment_error: null,
      capture_method: "automatic",
      confirmation_method: "automatic",
    });
    context.store.update(session, { payment_intent: paymentIntent.id });
    const failure = confirmPaymentIntent(context, paymentIntent, paymentMethod, false);
    if (failure) return { status: "declined", code: String(failure.body.error.code), message: failure.message };
    context.store.update(session, { status: "complete", payment_status: "paid" });
  }
  context.emit("checkout.session.completed", publicSession(session));
  return { status: "complete", redirectUrl: String(session.success_url).replaceAll("{CHECKOUT_SESSION_ID}", session.id) };
}

export function expireCheckout(context: TApiContext, sessionId: string): TApiResult {
  const session = find(context, "checkout.session", sessionId);
  if (session.status !== "open") throw invalidRequest(`Only Checkout Sessions with a status in [open] can be expired.`);
  context.store.update(session, { status: "expired" });
  context.emit("checkout.session.expired", publicSession(session));
  return { status: 200, body: publicSession(session) };
}

// ---------------------------------------------------------------------------- Connect

export function createAccount(context: TApiContext, form: TForm): TApiResult {
  allowOnly(form, ["type", "email", "country", "capabilities", "metadata", "business_type", "controller"]);
  const type = formString(form, "type") ?? "express";
  if (type !== "express") throw invalidRequest(`The fake supports Express accounts only (type=${type}).`, { param: "type" });
  const account = context.store.create("account", {
    type,
    email: formString(form, "email") ?? null,
    country: formString(form, "country") ?? "US",
    default_currency: "usd",
    charges_enabled: false,
    payouts_enabled: false,
    details_submitted: false,
    capabilities: { transfers: "inactive" },
    requirements: {
      currently_due: ["external_account", "individual.first_name", "tos_acceptance.date"],
      disabled_reason: "requirements.past_due",
    },
    metadata: formMetadata(form),
  });
  return expanded(context, account, form);
}

export function createAccountLink(context: TApiContext, form: TForm): TApiResult {
  allowOnly(form, ["account", "refresh_url", "return_url", "type", "collect"]);
  const account = find(context, "account", required(form, "account"), "account");
  const type = required(form, "type");
  if (type !== "account_onboarding") throw invalidRequest(`Invalid type: ${type}`, { param: "type" });
  const token = stripeId("", 32);
  const expiresAt = unixNow() + 300;
  context.store.accountLinks.set(token, {
    account: account.id,
    refreshUrl: required(form, "refresh_url"),
    returnUrl: required(form, "return_url"),
    expiresAt,
    isUsed: false,
  });
  return {
    status: 200,
    body: {
      object: "account_link",
      created: unixNow(),
      expires_at: expiresAt,
      url: `${context.baseUrl()}/connect/onboarding/${account.id}/${token}`,
    },
  };
}

/** What the hosted onboarding page does when the tutor submits it: details in, payouts on. */
export function completeOnboarding(context: TApiContext, accountId: string): TStripeObject {
  const account = find(context, "account", accountId);
  if (account.payouts_enabled === true) return account;
  context.store.update(account, {
    charges_enabled: true,
    payouts_enabled: true,
    details_submitted: true,
    capabilities: { transfers: "active" },
    requirements: { currently_due: [], disabled_reason: null },
  });
  context.emit("account.updated", account, { account: account.id });
  return account;
}

export function createTransfer(context: TApiContext, form: TForm): TApiResult {
  allowOnly(form, ["amount", "currency", "destination", "transfer_group", "metadata", "description", "source_transaction"]);
  const amount = positiveInteger(form, "amount")!;
  const currency = currencyOf(form);
  const destination = required(form, "destination");
  const account = context.store.get(destination, "account");
  if (!account) throw invalidRequest(`No such destination: '${destination}'`, { code: "resource_missing", param: "destination" });
  if (account.payouts_enabled !== true || (account.capabilities as { transfers?: string }).transfers !== "active") {
    throw invalidRequest(
      "Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments",
      { code: "insufficient_capabilities_for_transfer", param: "destination" },
    );
  }
  const transfer = context.store.create("transfer", {
    amount,
    amount_reversed: 0,
    currency,
    destination: account.id,
    transfer_group: formString(form, "transfer_group") ?? null,
    description: formString(form, "description") ?? null,
    metadata: formMetadata(form),
    reversed: false,
    source_transaction: formString(form, "source_transaction") ?? null,
  });
  context.emit("transfer.created", transfer);
  return expanded(context, transfer, form);
}
