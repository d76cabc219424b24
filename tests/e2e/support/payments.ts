import type { Sql } from "postgres";
import { LOCAL_STRIPE_SECRET_KEY } from "../../../lib/env/local-values.ts";
import { giveOnboardedPayee, giveSavedCard as giveCard, localStripeClient } from "../../../supabase/local/seed-payments.ts";
import { e2eStack } from "./stack.ts";

/**
 * E2E shortcuts through the running Stripe fake (serve.ts starts it; README "Payments"): a payer with a
 * saved test card, a tutor with an onboarded payout account, both known to the fake and the database.
 * Use the UI (the fake's hosted pages) when the flow itself is what a spec checks.
 */
const TOKENS = {
  visa: "pm_card_visa",
  insufficientFunds: "pm_card_chargeDeclinedInsufficientFunds",
  authenticationRequired: "pm_card_authenticationRequired",
} as const;

function stripe() {
  return localStripeClient(e2eStack().stripeUrl, LOCAL_STRIPE_SECRET_KEY);
}

export async function giveSavedCard(
  sql: Sql,
  payer: { id: string; email: string; name?: string },
  card: keyof typeof TOKENS = "visa",
): Promise<{ customerRef: string; paymentMethodRef: string }> {
  return giveCard({
    sql,
    stripe: stripe(),
    payer: { id: payer.id, email: payer.email, name: payer.name ?? payer.email },
    token: TOKENS[card],
    replace: true,
    now: new Date(),
  });
}

export async function onboardTutor(sql: Sql, tutor: { id: string; email: string }): Promise<{ accountRef: string }> {
  const baseUrl = e2eStack().stripeUrl;
  return giveOnboardedPayee({
    sql,
    stripe: stripe(),
    tutor,
    completeOnboarding: async (accountRef) => {
      const response = await fetch(`${baseUrl}/__control/accounts/${accountRef}/complete-onboarding`, { method: "POST" });
      if (!response.ok) throw new Error(`the Stripe fake refused to onboard ${accountRef}: ${response.status}`);
    },
    now: new Date(),
  });
}

/** Every webhook the fake signed so far (type and event id), for specs that wait on one. */
export async function stripeDeliveries(): Promise<{ eventId: string; type: string; status: number | null }[]> {
  const response = await fetch(`${e2eStack().stripeUrl}/__control/deliveries`);
  const body = (await response.json()) as { deliveries: { eventId: string; type: string; status: number | null }[] };
  return body.deliveries.map(({ eventId, type, status }) => ({ eventId, type, status }));
}
