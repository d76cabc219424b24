import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { cardFromNumber, declineOf, STRIPE_TEST_CARDS } from "../fakes/stripe-fake-cards";
import { decodeStripeForm, paramsFingerprint } from "../fakes/stripe-fake-form";
import { signStripePayload } from "../fakes/stripe-fake-webhooks";

/** The Stripe fake's own rules, which the provider tests rely on: Stripe's form encoding, test cards, signatures. */
describe("the Stripe fake's building blocks", () => {
  it("decodes stripe-node's form encoding: nested objects, indexed and [] arrays", () => {
    const body = new URLSearchParams([
      ["mode", "payment"],
      ["metadata[session_id]", "s-1"],
      ["line_items[0][price_data][unit_amount]", "15000"],
      ["line_items[0][price_data][product_data][name]", "Lesson"],
      ["line_items[0][quantity]", "1"],
      ["expand[0]", "payment_intent"],
      ["expand[1]", "setup_intent.payment_method"],
      ["allowed_payment_method_types[]", "card"],
    ]).toString();
    expect(decodeStripeForm(body)).toEqual({
      mode: "payment",
      metadata: { session_id: "s-1" },
      line_items: [{ price_data: { unit_amount: "15000", product_data: { name: "Lesson" } }, quantity: "1" }],
      expand: ["payment_intent", "setup_intent.payment_method"],
      allowed_payment_method_types: ["card"],
    });
  });

  it("fingerprints parameters independently of their order (idempotency compares parameters, not bytes)", () => {
    expect(paramsFingerprint(decodeStripeForm("a=1&metadata[x]=2&metadata[y]=3"))).toBe(
      paramsFingerprint(decodeStripeForm("metadata[y]=3&a=1&metadata[x]=2")),
    );
    expect(paramsFingerprint(decodeStripeForm("a=1"))).not.toBe(paramsFingerprint(decodeStripeForm("a=2")));
  });

  it("knows the test cards, accepts other Luhn-valid numbers and refuses invalid ones", () => {
    expect(cardFromNumber("4242 4242 4242 4242")).toEqual(STRIPE_TEST_CARDS.visa);
    expect(cardFromNumber("4000-0000-0000-9995")).toEqual(STRIPE_TEST_CARDS.insufficientFunds);
    expect(cardFromNumber("378282246310005")).toMatchObject({ brand: "amex", behaviour: "succeeds" });
    expect(cardFromNumber("4242 4242 4242 4241")).toBeNull();
    expect(cardFromNumber("1234")).toBeNull();
  });

  it("declines off-session as Stripe does; the authentication card pays on-session", () => {
    expect(declineOf("succeeds", true)).toBeNull();
    expect(declineOf("insufficient_funds", false)).toMatchObject({ code: "card_declined", declineCode: "insufficient_funds" });
    expect(declineOf("authentication_required", true)).toMatchObject({ code: "authentication_required" });
    expect(declineOf("authentication_required", false)).toBeNull();
  });

  it("signs exactly like stripe-node's generateTestHeaderString", () => {
    const stripe = new Stripe("sk_test_x");
    const payload = JSON.stringify({ id: "evt_1", object: "event" }, null, 2);
    const expected = stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_abc", timestamp: 1_700_000_000 });
    expect(signStripePayload(payload, "whsec_abc", 1_700_000_000)).toBe(expected);
  });
});
