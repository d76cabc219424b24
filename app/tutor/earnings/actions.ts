"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { action } from "@/lib/api/action";
import { getDb } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";
import { getPaymentProvider } from "@/lib/payments/providers";
import { startPayeeOnboarding } from "@/lib/payments/start-payee-onboarding";

/** "Set up payouts": off to the provider's hosted onboarding; back through /api/tutor/payout-account/return. */
export const setUpPayoutsAction = action(
  { role: "tutor", schema: z.object({}), name: "setUpPayouts", rateLimit: "write", requireLiveSession: true },
  async ({ viewer }) => {
    const { url } = await startPayeeOnboarding({
      db: getDb(),
      viewer,
      provider: getPaymentProvider(),
      appUrl: serverEnv().APP_URL,
      now: new Date(),
    });
    redirect(url);
  },
);
