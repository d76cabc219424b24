"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { action } from "@/lib/api/action";
import { getDb } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";
import { getPaymentProvider } from "@/lib/payments/providers";
import { startPaymentCheckout } from "@/lib/payments/start-payment-checkout";
import { startSetupCheckout } from "@/lib/payments/start-setup-checkout";

const ZCardCheckoutForm = z.object({ next: z.string().min(1).max(2000) });

/** "Add a card to book" / "Replace": off to the provider's hosted Checkout, back to `next` afterwards. */
export const startCardCheckoutAction = action(
  { role: ["student", "parent"], schema: ZCardCheckoutForm, name: "startCardCheckout", rateLimit: "write", requireLiveSession: true },
  async ({ viewer, input }) => {
    const { url } = await startSetupCheckout({
      db: getDb(),
      viewer,
      provider: getPaymentProvider(),
      next: input.next,
      appUrl: serverEnv().APP_URL,
      now: new Date(),
    });
    redirect(url);
  },
);

const ZPayNowForm = z.object({ attempt_id: z.uuid() });

/** "Pay now" on Complete payment: an on-session Checkout for the lesson's charge. */
export const payNowAction = action(
  { role: ["student", "parent"], schema: ZPayNowForm, name: "payNow", rateLimit: "write", requireLiveSession: true },
  async ({ viewer, input }) => {
    const { url } = await startPaymentCheckout({
      db: getDb(),
      viewer,
      provider: getPaymentProvider(),
      attemptId: input.attempt_id,
      appUrl: serverEnv().APP_URL,
      now: new Date(),
    });
    redirect(url);
  },
);
