import { NextResponse } from "next/server";
import { z } from "zod";
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";
import { completeSetupCheckout } from "@/lib/payments/complete-setup-checkout";
import { getPaymentProvider } from "@/lib/payments/providers";
import { safeReturnPath, withQueryParam } from "@/lib/payments/safe-return-path";

const ZCardCheckoutReturn = z.object({
  checkout: z.string().min(1).max(255),
  next: z.string().transform((value, context) => {
    const path = safeReturnPath(value);
    if (!path) context.addIssue({ code: "custom", message: "must be a path on this site" });
    return path ?? "";
  }),
});

/**
 * GET /api/payment-methods/return?checkout&next: the hosted setup Checkout sends the payer here. The Checkout
 * is read at the provider and its card saved, then 303 to `next` with `card=saved` (or `card=not_saved` when
 * it was left open or expired). 403 for another account's Checkout, 422 for a `next` off this site.
 */
export const GET = route({ auth: "user" }, async ({ request, viewer }) => {
  const query = ZCardCheckoutReturn.parse(Object.fromEntries(new URL(request.url).searchParams));
  const outcome = await completeSetupCheckout({
    db: getDb(),
    viewer,
    provider: getPaymentProvider(),
    checkoutRef: query.checkout,
    now: new Date(),
  });
  const target = withQueryParam(query.next, "card", outcome.status === "saved" ? "saved" : "not_saved");
  return NextResponse.redirect(new URL(target, serverEnv().APP_URL), 303);
});
