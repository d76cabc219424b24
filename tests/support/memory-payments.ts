import { PaymentProviderError, type PaymentProvider, type TChargeResult } from "@/lib/payments/providers/types";
import { CARD_DECLINED, CARD_NEEDS_AUTH, savePayee, saveCardThroughCheckout, type TPaymentsHarness } from "./payments-harness";

/**
 * An in-process Stripe-like provider for the payments job tests while the HTTP Stripe fake
 * (tests/fakes/stripe-fake.ts) is not on this branch: idempotency keys replay their first answer
 * (and refuse different parameters), declines by test card, refunds capped by the charge, transfers
 * only to enabled accounts, a token-bucket 429 at `rateLimitPerSecond`, and failNext for faults.
 */
export function startMemoryPayments(options: { rateLimitPerSecond?: number } = {}): TPaymentsHarness {
  let seq = 0;
  const id = (prefix: string) => `${prefix}_${(++seq).toString().padStart(6, "0")}`;
  const customers = new Map<string, { userId: string }>();
  const checkouts = new Map<string, { customerRef: string; userId: string; card: string | null }>();
  const paymentMethods = new Map<string, { card: string; customerRef: string }>();
  const intents: { id: string; amountCents: number; status: string; sessionId: string | null }[] = [];
  const refunds: { id: string; paymentRef: string; amountCents: number }[] = [];
  const transfers: { id: string; accountRef: string; amountCents: number; transferGroup: string | null }[] = [];
  const accounts = new Map<string, { payoutsEnabled: boolean }>();
  const keys = new Map<string, { params: string; answer: unknown }>();
  const faults: (429 | 500)[] = [];
  const limit = options.rateLimitPerSecond ?? 1000;
  let windowStart = 0;
  let windowCount = 0;

  const gate = () => {
    const fault = faults.shift();
    if (fault === 429) throw new PaymentProviderError("rate_limited", "rate_limit", "Too many requests", 1000);
    if (fault === 500) throw new PaymentProviderError("transient", "api_error", "Internal error");
    const second = Math.floor(Date.now() / 1000);
    if (second !== windowStart) {
      windowStart = second;
      windowCount = 0;
    }
    windowCount += 1;
    if (windowCount > limit) throw new PaymentProviderError("rate_limited", "rate_limit", "Too many requests", 1000 - (Date.now() % 1000));
  };

  async function idempotent<T>(key: string, params: unknown, create: () => T): Promise<T> {
    gate();
    const json = JSON.stringify(params);
    const seen = keys.get(key);
    if (seen) {
      if (seen.params !== json)
        throw new PaymentProviderError(
          "invalid",
          "idempotency_error",
          "Keys for idempotent requests can only be used with the same parameters",
        );
      return seen.answer as T;
    }
    const answer = create();
    keys.set(key, { params: json, answer });
    return answer;
  }

  const provider: PaymentProvider = {
    name: "stripe",
    requiresSavedPaymentMethod: true,
    rateLimitPerSecond: limit,
    ensureCustomer: (request) =>
      idempotent(request.idempotencyKey, request, () => {
        const customerRef = id("cus");
        customers.set(customerRef, { userId: request.userId });
        return { customerRef };
      }),
    createSetupCheckout: (request) =>
      idempotent(request.idempotencyKey, request, () => {
        const checkoutRef = id("cs");
        checkouts.set(checkoutRef, { customerRef: request.customerRef, userId: request.userId, card: null });
        return { checkoutRef, url: `memory://checkout/${checkoutRef}` };
      }),
    createPaymentCheckout: () => Promise.reject(new PaymentProviderError("unsupported", "unsupported", "not in the memory provider")),
    readCheckout: async (checkoutRef) => {
      const checkout = checkouts.get(checkoutRef);
      if (!checkout?.card) return { status: "open", checkoutRef };
      const paymentMethodRef =
        [...paymentMethods.entries()].find(([, pm]) => pm.customerRef === checkout.customerRef && pm.card === checkout.card)?.[0] ?? "";
      return {
        status: "complete",
        checkoutRef,
        mode: "setup",
        customerRef: checkout.customerRef,
        userId: checkout.userId,
        card: { paymentMethodRef, brand: "visa", last4: checkout.card.slice(-4), expMonth: 12, expYear: 2034 },
      };
    },
    chargeOffSession: (request) =>
      idempotent(request.idempotencyKey, { ...request, attemptId: undefined }, (): TChargeResult => {
        const pm = paymentMethods.get(request.paymentMethodRef);
        if (!pm || pm.customerRef !== request.customerRef)
          throw new PaymentProviderError("invalid", "resource_missing", "No such payment method");
        const intent = { id: id("pi"), amountCents: request.amountCents, status: "succeeded", sessionId: request.sessionId };
        intents.push(intent);
        if (pm.card === CARD_DECLINED) {
          intent.status = "requires_payment_method";
          return {
            status: "action_required",
            paymentRef: intent.id,
            code: "insufficient_funds",
            message: "Your card has insufficient funds.",
          };
        }
        if (pm.card === CARD_NEEDS_AUTH) {
          intent.status = "requires_action";
          return {
            status: "action_required",
            paymentRef: intent.id,
            code: "authentication_required",
            message: "This payment needs authentication.",
          };
        }
        return { status: "succeeded", paymentRef: intent.id };
      }),
    refund: (request) =>
      idempotent(request.idempotencyKey, request, () => {
        const intent = intents.find((candidate) => candidate.id === request.paymentRef);
        if (!intent || intent.status !== "succeeded")
          throw new PaymentProviderError("invalid", "charge_not_refundable", "Not a collected payment");
        const refunded = refunds.filter((refund) => refund.paymentRef === intent.id).reduce((sum, refund) => sum + refund.amountCents, 0);
        if (refunded + request.amountCents > intent.amountCents)
          throw new PaymentProviderError("invalid", "amount_too_large", "Refund exceeds the charge");
        const refund = { id: id("re"), paymentRef: intent.id, amountCents: request.amountCents };
        refunds.push(refund);
        return { status: "succeeded" as const, refundRef: refund.id };
      }),
    createPayee: (request) =>
      idempotent(request.idempotencyKey, request, () => {
        const accountRef = id("acct");
        accounts.set(accountRef, { payoutsEnabled: false });
        return { accountRef };
      }),
    createOnboardingLink: async (request) => ({ url: `memory://onboarding/${request.accountRef}` }),
    readPayee: async (accountRef) => {
      const account = accounts.get(accountRef);
      return { accountRef, payoutsEnabled: account?.payoutsEnabled ?? false, detailsSubmitted: account?.payoutsEnabled ?? false };
    },
    transfer: (request) =>
      idempotent(request.idempotencyKey, request, () => {
        if (!accounts.get(request.accountRef)?.payoutsEnabled)
          throw new PaymentProviderError("invalid", "account_invalid", "Payouts not enabled");
        const transfer = {
          id: id("tr"),
          accountRef: request.accountRef,
          amountCents: request.amountCents,
          transferGroup: request.transferGroup,
        };
        transfers.push(transfer);
        return { status: "succeeded" as const, transferRef: transfer.id };
      }),
    verifyWebhook: () => {
      throw new Error("the memory provider sends no webhooks");
    },
  };

  const completeCheckout = async (checkoutRef: string, cardNumber: string) => {
    const checkout = checkouts.get(checkoutRef);
    if (!checkout) throw new Error(`no checkout ${checkoutRef}`);
    checkout.card = cardNumber;
    paymentMethods.set(id("pm"), { card: cardNumber, customerRef: checkout.customerRef });
  };

  return {
    provider,
    saveTestCard: (sql, user, cardNumber) => saveCardThroughCheckout(sql, provider, completeCheckout, user, cardNumber),
    createPayee: async (sql, tutor) => {
      const { accountRef } = await provider.createPayee({ tutorId: tutor.id, email: tutor.email, idempotencyKey: `payee:${tutor.id}` });
      await savePayee(sql, tutor.id, accountRef, false);
      return accountRef;
    },
    onboard: async (sql, tutor) => {
      const { accountRef } = await provider.createPayee({ tutorId: tutor.id, email: tutor.email, idempotencyKey: `payee:${tutor.id}` });
      accounts.set(accountRef, { payoutsEnabled: true });
      const state = await provider.readPayee(accountRef);
      await savePayee(sql, tutor.id, accountRef, state.payoutsEnabled);
    },
    paymentIntents: async () => intents.map((intent) => ({ ...intent })),
    refunds: async () => refunds.map((refund) => ({ ...refund })),
    transfers: async () => transfers.map((transfer) => ({ ...transfer })),
    failNext: (count, status) => {
      for (let index = 0; index < count; index++) faults.push(status);
    },
    stop: async () => {},
  };
}
