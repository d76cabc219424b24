import { NextResponse } from "next/server";
import { z } from "zod";
import { readJson, route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";
import { getPaymentProvider } from "@/lib/payments/providers";
import { startSetupCheckout } from "@/lib/payments/start-setup-checkout";

const ZStartCardCheckout = z.object({ next: z.string().min(1).max(2000) }).strict();

/**
 * POST /api/payment-methods/checkout {next}: the payer (student or parent) opens a hosted Checkout to save
 * or replace their card → 201 {url}; afterwards they land on `next` (a path on this site). 409 when the
 * provider takes no cards online (manual), 422 for a `next` that is not a same-site path.
 */
export const POST = route({ auth: "user", rateLimit: "write", requireLiveSession: true }, async ({ request, viewer }) => {
  const { next } = ZStartCardCheckout.parse(await readJson(request));
  const { url } = await startSetupCheckout({
    db: getDb(),
    viewer,
    provider: getPaymentProvider(),
    next,
    appUrl: serverEnv().APP_URL,
    now: new Date(),
  });
  return NextResponse.json({ url }, { status: 201 });
});
