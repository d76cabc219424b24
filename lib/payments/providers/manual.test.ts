import { describe, expect, it } from "vitest";
import { createManualProvider } from "@/lib/payments/providers/manual";
import { PaymentProviderError, WebhookSignatureError } from "@/lib/payments/providers/types";

const provider = createManualProvider();

describe("the manual provider", () => {
  it("needs no saved card and charges, refunds and pays nothing online: every amount is manual_due", async () => {
    expect(provider.requiresSavedPaymentMethod).toBe(false);
    const charge = await provider.chargeOffSession({
      customerRef: "",
      paymentMethodRef: "",
      amountCents: 100,
      currency: "TTD",
      description: "x",
      sessionId: "s",
      attemptId: "a",
      transferGroup: "s",
      idempotencyKey: "k",
    });
    expect(charge).toEqual({ status: "manual_due" });
    expect(await provider.refund({ paymentRef: "", amountCents: 1, sessionId: "s", idempotencyKey: "k" })).toEqual({
      status: "manual_due",
    });
    expect(
      await provider.transfer({ accountRef: "", amountCents: 1, currency: "TTD", sessionId: "s", transferGroup: "s", idempotencyKey: "k" }),
    ).toEqual({ status: "manual_due" });
  });

  it("refuses hosted pages and connected accounts as unsupported", async () => {
    const refused = [
      provider.ensureCustomer({ userId: "u", email: "e", name: "n", idempotencyKey: "k" }),
      provider.createSetupCheckout({ customerRef: "c", userId: "u", successUrl: "s", cancelUrl: "c", idempotencyKey: "k" }),
      provider.readCheckout("cs"),
      provider.createPayee({ tutorId: "t", email: "e", idempotencyKey: "k" }),
      provider.createOnboardingLink({ accountRef: "a", refreshUrl: "r", returnUrl: "r" }),
      provider.readPayee("a"),
    ];
    for (const call of refused) {
      const error = await call.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PaymentProviderError);
      expect(error).toMatchObject({ kind: "unsupported" });
    }
  });

  it("accepts no webhook", () => {
    expect(() => provider.verifyWebhook({ rawBody: "{}", signature: "t=1,v1=00", now: new Date() })).toThrow(WebhookSignatureError);
  });
});
