import type { Sql } from "postgres";
import Stripe from "stripe";
import type { TStripeFake } from "../../tests/fakes/stripe-fake.ts";

/**
 * Demo payments for `npm run dev` (README "Demo accounts", "Payments"): the demo payers have a saved
 * Visa ending 4242 that the local Stripe fake knows (created through its API with stripe-node, as the
 * setup Checkout would), tutor@ has an onboarded connected account, tutor3@ none (to show onboarding).
 * Idempotent: what the database and the fake both still know is kept; anything missing on either
 * side (a wiped .data/postgres or .data/stripe-fake.json) is made again.
 *
 * Written here as lib/payments/save-payment-method.ts `saveCard` and save-payee-account.ts write them
 * (those are server-only modules; the seed runs in plain Node).
 */
type TStripeClient = InstanceType<typeof Stripe>;

/** stripe-node pointed at the local fake, as lib/payments/providers/stripe.ts builds it. */
export function localStripeClient(baseUrl: string, secretKey: string): TStripeClient {
  const url = new URL(baseUrl);
  return new Stripe(secretKey, {
    host: url.hostname,
    port: Number(url.port),
    protocol: url.protocol === "https:" ? "https" : "http",
    maxNetworkRetries: 0,
    telemetry: false,
  });
}

async function isKnown(retrieve: () => Promise<unknown>): Promise<boolean> {
  return retrieve().then(
    () => true,
    (error: unknown) => {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) return false;
      throw error;
    },
  );
}

/**
 * Gives a payer a saved card at the fake and in payment_methods. `token` is a Stripe test token
 * (pm_card_visa, pm_card_chargeDeclinedInsufficientFunds, pm_card_authenticationRequired).
 * Without `replace`, a card both sides still know is kept.
 */
export async function giveSavedCard(options: {
  sql: Sql;
  stripe: TStripeClient;
  payer: { id: string; email: string; name: string };
  token?: string;
  replace?: boolean;
  now: Date;
}): Promise<{ customerRef: string; paymentMethodRef: string }> {
  const { sql, stripe, payer, now } = options;
  const [saved] = await sql<{ customer_ref: string; payment_method_ref: string | null }[]>`
    select customer_ref, payment_method_ref from public.payment_methods where user_id = ${payer.id}`;
  if (!options.replace && saved?.payment_method_ref && (await isKnown(() => stripe.paymentMethods.retrieve(saved.payment_method_ref!)))) {
    return { customerRef: saved.customer_ref, paymentMethodRef: saved.payment_method_ref };
  }
  const customerRef =
    saved && (await isKnown(() => stripe.customers.retrieve(saved.customer_ref)))
      ? saved.customer_ref
      : (await stripe.customers.create({ email: payer.email, name: payer.name, metadata: { user_id: payer.id } })).id;
  const paymentMethod = await stripe.paymentMethods.attach(options.token ?? "pm_card_visa", { customer: customerRef });
  const card = paymentMethod.card!;
  await sql`
    insert into public.payment_methods (user_id, provider, customer_ref, payment_method_ref, brand, last4, exp_month, exp_year, saved_at)
    values (${payer.id}, 'stripe', ${customerRef}, ${paymentMethod.id}, ${card.brand}, ${card.last4}, ${card.exp_month}, ${card.exp_year}, ${now})
    on conflict (user_id) do update set
      customer_ref = excluded.customer_ref, payment_method_ref = excluded.payment_method_ref, brand = excluded.brand,
      last4 = excluded.last4, exp_month = excluded.exp_month, exp_year = excluded.exp_year, saved_at = excluded.saved_at`;
  return { customerRef, paymentMethodRef: paymentMethod.id };
}

/**
 * Gives a tutor an onboarded connected account at the fake and in payee_accounts; `completeOnboarding`
 * is what the tutor does on the hosted page (the fake's control, in-process or over HTTP).
 */
export async function giveOnboardedPayee(options: {
  sql: Sql;
  stripe: TStripeClient;
  tutor: { id: string; email: string };
  completeOnboarding: (accountRef: string) => Promise<void> | void;
  now: Date;
}): Promise<{ accountRef: string }> {
  const { sql, stripe, tutor, now } = options;
  const [saved] = await sql<{ account_ref: string; payouts_enabled: boolean }[]>`
    select account_ref, payouts_enabled from public.payee_accounts where tutor_id = ${tutor.id}`;
  const isKnownAccount = saved ? await isKnown(() => stripe.accounts.retrieve(saved.account_ref)) : false;
  if (saved?.payouts_enabled && isKnownAccount) return { accountRef: saved.account_ref };
  const accountRef =
    saved && isKnownAccount
      ? saved.account_ref
      : (
          await stripe.accounts.create({
            type: "express",
            email: tutor.email,
            capabilities: { transfers: { requested: true } },
            metadata: { tutor_id: tutor.id },
          })
        ).id;
  await options.completeOnboarding(accountRef);
  await sql`
    insert into public.payee_accounts (tutor_id, provider, account_ref, payouts_enabled, details_submitted, onboarded_at)
    values (${tutor.id}, 'stripe', ${accountRef}, true, true, ${now})
    on conflict (tutor_id) do update set account_ref = excluded.account_ref, payouts_enabled = true, details_submitted = true,
      onboarded_at = coalesce(public.payee_accounts.onboarded_at, excluded.onboarded_at)`;
  // As savePayeeAccount does: transfers released while the tutor had no account become due.
  await sql`
    update public.payment_attempts set status = 'pending', next_attempt_at = ${now}
    where party_id = ${tutor.id} and kind = 'transfer' and status = 'awaiting_payee'`;
  return { accountRef };
}

export async function topUpDemoPayments(options: {
  sql: Sql;
  stripe: TStripeFake;
  payers: { id: string; email: string; name: string }[];
  onboardedTutors: { id: string; email: string }[];
  now: Date;
}): Promise<void> {
  const stripe = localStripeClient(options.stripe.baseUrl, options.stripe.env.STRIPE_SECRET_KEY);
  for (const payer of options.payers) await giveSavedCard({ sql: options.sql, stripe, payer, now: options.now });
  for (const tutor of options.onboardedTutors) {
    await giveOnboardedPayee({
      sql: options.sql,
      stripe,
      tutor,
      completeOnboarding: (accountRef) => options.stripe.controls.completeOnboarding(accountRef),
      now: options.now,
    });
  }
}
