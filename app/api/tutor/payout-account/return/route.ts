import { NextResponse } from "next/server";
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";
import { completePayeeOnboarding } from "@/lib/payments/complete-payee-onboarding";
import { getPaymentProvider } from "@/lib/payments/providers";

/**
 * GET /api/tutor/payout-account/return: the hosted onboarding sends the tutor back here. Their account is
 * read at the provider and saved (accrued transfers become due when payouts are on), then 303 to
 * /tutor/earnings?payouts=ready (or =pending while the provider still needs details). 404 before onboarding.
 */
export const GET = route({ auth: "user" }, async ({ viewer }) => {
  const { payoutsEnabled } = await completePayeeOnboarding({ db: getDb(), viewer, provider: getPaymentProvider(), now: new Date() });
  const target = `/tutor/earnings?payouts=${payoutsEnabled ? "ready" : "pending"}`;
  return NextResponse.redirect(new URL(target, serverEnv().APP_URL), 303);
});
