import { NextResponse } from "next/server";
import { z } from "zod";
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";
import { getPaymentProvider } from "@/lib/payments/providers";
import { startPaymentCheckout } from "@/lib/payments/start-payment-checkout";

/**
 * POST /api/payments/[attemptId]/checkout: "Complete payment" — the payer opens an on-session Checkout for a
 * declined or authentication-required charge → 201 {url}. 404 for anyone but the payer, 409 already_done
 * when it is paid, 409 conflict when it does not need them.
 */
export const POST = route(
  { auth: "user", params: z.object({ attemptId: z.uuid() }), rateLimit: "write", requireLiveSession: true },
  async ({ viewer, params }) => {
    const { url } = await startPaymentCheckout({
      db: getDb(),
      viewer,
      provider: getPaymentProvider(),
      attemptId: params.attemptId,
      appUrl: serverEnv().APP_URL,
      now: new Date(),
    });
    return NextResponse.json({ url }, { status: 201 });
  },
);
