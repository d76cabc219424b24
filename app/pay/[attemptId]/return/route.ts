import { NextResponse } from "next/server";
import { z } from "zod";
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";
import { completePaymentCheckout } from "@/lib/payments/complete-payment-checkout";
import { getPaymentProvider } from "@/lib/payments/providers";

const ZPaymentCheckoutReturn = z.object({ checkout: z.string().min(1).max(255) });

/**
 * GET /pay/[attemptId]/return?checkout: back from "Complete payment". The Checkout is read at the provider;
 * when paid, the attempt is settled (markAttemptSucceeded) and the payer lands on /pay/[attemptId]?paid=1,
 * otherwise on /pay/[attemptId]?paid=0. 404 for anyone but the payer, 403 for a Checkout of another payment.
 */
export const GET = route({ auth: "user", params: z.object({ attemptId: z.uuid() }) }, async ({ request, viewer, params }) => {
  const query = ZPaymentCheckoutReturn.parse(Object.fromEntries(new URL(request.url).searchParams));
  const outcome = await completePaymentCheckout({
    db: getDb(),
    viewer,
    provider: getPaymentProvider(),
    attemptId: params.attemptId,
    checkoutRef: query.checkout,
    now: new Date(),
  });
  const target = `/pay/${params.attemptId}?paid=${outcome.status === "paid" ? "1" : "0"}`;
  return NextResponse.redirect(new URL(target, serverEnv().APP_URL), 303);
});
