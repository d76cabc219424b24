import { startMemoryPayments } from "./memory-payments";
import type { TPaymentsHarness } from "./payments-harness";

/** The provider the payments job tests run against. */
export async function startPaymentsHarness(options: { rateLimitPerSecond?: number } = {}): Promise<TPaymentsHarness> {
  return startMemoryPayments(options);
}
