import { PaymentProviderError, WebhookSignatureError, type PaymentProvider } from "@/lib/payments/providers/types";

/**
 * The `manual` payment provider (README "Payments"): no card online. Charges and refunds become
 * amounts due shown to the payer, transfers become lines of the admin's payout CSV (`manual_due`);
 * the ledger is the same as with `stripe`. It has no hosted pages, no connected accounts and no
 * webhooks: those calls are refused as `unsupported`.
 */
export function createManualProvider(): PaymentProvider {
  const unsupported = (what: string) => {
    throw new PaymentProviderError("unsupported", "manual_provider", `The manual payment provider has no ${what}.`);
  };
  return {
    name: "manual",
    requiresSavedPaymentMethod: false,
    // Nothing is sent anywhere: the only limit is the database's.
    rateLimitPerSecond: Number.POSITIVE_INFINITY,
    ensureCustomer: async () => unsupported("customers"),
    createSetupCheckout: async () => unsupported("hosted card pages"),
    createPaymentCheckout: async () => unsupported("hosted payment pages"),
    readCheckout: async () => unsupported("hosted pages"),
    chargeOffSession: async () => ({ status: "manual_due" }),
    refund: async () => ({ status: "manual_due" }),
    createPayee: async () => unsupported("connected accounts"),
    createOnboardingLink: async () => unsupported("connected accounts"),
    readPayee: async () => unsupported("connected accounts"),
    readPaymentCard: async () => null,
    readRefund: async () => unsupported("refunds to read (they are paid by hand)"),
    // Nothing is ever sent: no key has created anything.
    findPayment: async () => null,
    findRefund: async () => null,
    findTransfer: async () => null,
    transfer: async () => ({ status: "manual_due" }),
    verifyWebhook: () => {
      throw new WebhookSignatureError("bad_signature", "The manual payment provider accepts no webhooks.");
    },
  };
}
