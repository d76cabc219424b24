import { describe, expect, it } from "vitest";
import { parseServerEnv } from "@/lib/env/server-env";
import { paymentProviderFromEnv } from "@/lib/payments/providers";
import { localEnv } from "@/supabase/local/config";

const local = (overrides: Record<string, string> = {}) =>
  parseServerEnv({ ...localEnv({ app: 3000, auth: 54321, postgres: 54322, stripe: 54326 }), NODE_ENV: "test", ...overrides });

describe("paymentProviderFromEnv", () => {
  it("is manual by default (no PAYMENTS_PROVIDER)", () => {
    const provider = paymentProviderFromEnv(parseServerEnv({ ...localEnv({ app: 3000, auth: 54321, postgres: 54322 }), NODE_ENV: "test" }));
    expect(provider).toMatchObject({ name: "manual", requiresSavedPaymentMethod: false });
  });

  it("is stripe with the local fake's values, at test mode's 25 operations/s", () => {
    expect(paymentProviderFromEnv(local())).toMatchObject({ name: "stripe", requiresSavedPaymentMethod: true, rateLimitPerSecond: 25 });
  });

  it("allows live mode's 100/s with a live key, and PAYMENTS_RATE_LIMIT_PER_SECOND over either", () => {
    expect(paymentProviderFromEnv(local({ STRIPE_SECRET_KEY: "sk_live_x" })).rateLimitPerSecond).toBe(100);
    expect(paymentProviderFromEnv(local({ PAYMENTS_RATE_LIMIT_PER_SECOND: "7" })).rateLimitPerSecond).toBe(7);
  });
});
