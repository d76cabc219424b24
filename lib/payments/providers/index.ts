import "server-only";
import { serverEnv, type TServerEnv } from "@/lib/env/server-env";
import { createManualProvider } from "@/lib/payments/providers/manual";
import { createStripeProvider } from "@/lib/payments/providers/stripe";
import type { PaymentProvider } from "@/lib/payments/providers/types";

export { PaymentProviderError, WebhookSignatureError } from "@/lib/payments/providers/types";
export type * from "@/lib/payments/providers/types";

/**
 * The provider a validated environment names (PAYMENTS_PROVIDER, default manual). The rate limit is
 * Stripe's for the key's mode (25 operations/s in test mode, 100 live) unless PAYMENTS_RATE_LIMIT_PER_SECOND says.
 */
export function paymentProviderFromEnv(env: TServerEnv): PaymentProvider {
  if (env.PAYMENTS_PROVIDER === "manual") return createManualProvider();
  // server-env refuses PAYMENTS_PROVIDER=stripe without both secrets.
  return createStripeProvider({
    secretKey: env.STRIPE_SECRET_KEY ?? "",
    webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? "",
    apiUrl: env.STRIPE_API_URL,
    rateLimitPerSecond: env.PAYMENTS_RATE_LIMIT_PER_SECOND ?? (/^(sk|rk)_live_/.test(env.STRIPE_SECRET_KEY ?? "") ? 100 : 25),
  });
}

let cached: PaymentProvider | undefined;

/** The app's payment provider (README "Payments"), built once per server process from serverEnv(). */
export function getPaymentProvider(): PaymentProvider {
  cached ??= paymentProviderFromEnv(serverEnv());
  return cached;
}
