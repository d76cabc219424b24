import { startStripeFake } from "../fakes/stripe-fake.ts";
import { savePayee, saveCardThroughCheckout, type TPaymentsHarness } from "./payments-harness.ts";

/**
 * The payments jobs' tests and the bench against the local Stripe fake (tests/fakes/stripe-fake.ts)
 * through the real stripe provider: cards saved through its hosted Checkout, tutors onboarded through
 * its Connect pages, what it holds read back from its store.
 */
export async function startStripePayments(options: { rateLimitPerSecond?: number } = {}): Promise<TPaymentsHarness> {
  // Refunds of 4000000000005126 fail when a test says so (settleRefund), never on a timer mid-test.
  const fake = await startStripeFake({ rateLimitPerSecond: options.rateLimitPerSecond ?? 200, refundFailureDelayMs: null });
  const { provider, controls } = fake;
  const complete = async (checkoutRef: string, cardNumber: string) => {
    const outcome = controls.completeCheckout(checkoutRef, cardNumber);
    if (outcome.status !== "complete") throw new Error(`checkout ${checkoutRef}: ${JSON.stringify(outcome)}`);
  };
  const metadataOf = (object: Record<string, unknown>) => (object.metadata ?? {}) as Record<string, string | undefined>;
  const createPayee = async (tutor: { id: string; email: string }) =>
    (await provider.createPayee({ tutorId: tutor.id, email: tutor.email, idempotencyKey: `payee:${tutor.id}` })).accountRef;
  return {
    provider,
    saveTestCard: (sql, user, cardNumber) => saveCardThroughCheckout(sql, provider, complete, user, cardNumber),
    createPayee: async (sql, tutor) => {
      const accountRef = await createPayee(tutor);
      const state = await provider.readPayee(accountRef);
      await savePayee(sql, tutor.id, accountRef, state.payoutsEnabled);
      return accountRef;
    },
    onboard: async (sql, tutor) => {
      const accountRef = await createPayee(tutor);
      controls.completeOnboarding(accountRef);
      const state = await provider.readPayee(accountRef);
      if (!state.payoutsEnabled) throw new Error(`onboarding ${accountRef} did not enable payouts`);
      await savePayee(sql, tutor.id, accountRef, true);
    },
    paymentIntents: async () =>
      controls.objects("payment_intents").map((intent) => ({
        id: intent.id,
        amountCents: Number(intent.amount),
        status: String(intent.status),
        sessionId: metadataOf(intent).session_id ?? null,
      })),
    refunds: async () =>
      controls
        .objects("refunds")
        .filter((refund) => refund.status !== "failed" && refund.status !== "canceled")
        .map((refund) => ({ id: refund.id, paymentRef: String(refund.payment_intent), amountCents: Number(refund.amount) })),
    transfers: async () =>
      controls.objects("transfers").map((transfer) => ({
        id: transfer.id,
        accountRef: String(transfer.destination),
        amountCents: Number(transfer.amount),
        transferGroup: (transfer.transfer_group as string | null) ?? null,
      })),
    failNext: (count, status, options) => controls.failNext(count, status, options),
    setRefundMode: (mode) => controls.setRefundMode(mode),
    setLatency: (ms) => controls.setLatency(ms),
    settleRefund: (refundRef, status) => controls.settleRefund(refundRef, status),
    expireIdempotencyKeys: () => controls.expireIdempotencyKeys(),
    deliveries: () => controls.deliveries().map((delivery) => ({ rawBody: delivery.rawBody, signature: delivery.signature })),
    stop: () => fake.stop(),
  };
}
