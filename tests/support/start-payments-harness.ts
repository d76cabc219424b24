import type { TPaymentsHarness } from "./payments-harness.ts";
import { startStripePayments } from "./stripe-payments.ts";

/** The provider the payments job tests and the bench run against: the local Stripe fake. */
export async function startPaymentsHarness(options: { rateLimitPerSecond?: number } = {}): Promise<TPaymentsHarness> {
  return startStripePayments(options);
}
