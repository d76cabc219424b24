import { NextResponse } from "next/server";
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";
import { getPaymentProvider } from "@/lib/payments/providers";
import { startPayeeOnboarding } from "@/lib/payments/start-payee-onboarding";

/**
 * POST /api/tutor/payout-account/onboarding: a tutor starts (or resumes) setting up payouts → 201 {url} of
 * the provider's hosted onboarding. 403 for non-tutors, 409 already_done when payouts are on, 409 with the
 * manual provider (no connected accounts).
 */
export const POST = route({ auth: "user", rateLimit: "write", requireLiveSession: true }, async ({ viewer }) => {
  const { url } = await startPayeeOnboarding({
    db: getDb(),
    viewer,
    provider: getPaymentProvider(),
    appUrl: serverEnv().APP_URL,
    now: new Date(),
  });
  return NextResponse.json({ url }, { status: 201 });
});
