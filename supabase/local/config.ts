/**
 * The local stack's fixed settings. Ports and variable names mirror
 * `supabase start`, so pointing .env.local at a real project is a
 * configuration change only.
 */
import {
  LOCAL_CRON_SECRET,
  LOCAL_STACK_MARKER,
  LOCAL_STRIPE_SECRET_KEY,
  LOCAL_STRIPE_WEBHOOK_SECRET,
  LOCAL_TOKEN_ENCRYPTION_KEY,
  LOCAL_ZOOM_WEBHOOK_SECRET,
} from "../../lib/env/local-values.ts";

export { LOCAL_CRON_SECRET, LOCAL_STRIPE_SECRET_KEY, LOCAL_STRIPE_WEBHOOK_SECRET, LOCAL_TOKEN_ENCRYPTION_KEY, LOCAL_ZOOM_WEBHOOK_SECRET };

/** `stripe`: the local Stripe fake (tests/fakes/stripe-fake.ts), its hosted Checkout and onboarding pages included. */
export const LOCAL_PORTS = { app: 3000, auth: 54321, postgres: 54322, stripe: 54326 } as const;
/** `npm run dev`'s SMTP catcher (lib/notifications/transports/mail-catcher.ts), where `supabase start` runs Inbucket's. */
export const LOCAL_SMTP_PORT = 54325;

// Local-only keys: they protect nothing but a developer's own machine.
export const LOCAL_ANON_KEY = "sb_publishable_local-development-anon-key";
export const LOCAL_SERVICE_ROLE_KEY = "sb_secret_local-development-service-role-key";

/**
 * The environment of the stack's own processes: `npm run dev`, the e2e server, the integration tests.
 * With a Stripe fake port, payments go through the fake (PAYMENTS_PROVIDER=stripe); without one (the
 * integration tests' shared env), the default manual provider.
 */
export function localEnv(ports: { app: number; auth: number; postgres: number; stripe?: number }): Record<string, string> {
  const payments: Record<string, string> = ports.stripe
    ? {
        PAYMENTS_PROVIDER: "stripe",
        STRIPE_API_URL: `http://127.0.0.1:${ports.stripe}`,
        STRIPE_SECRET_KEY: LOCAL_STRIPE_SECRET_KEY,
        STRIPE_WEBHOOK_SECRET: LOCAL_STRIPE_WEBHOOK_SECRET,
      }
    : {};
  return {
    // Lets `next start` (NODE_ENV=production) accept the published values above; never in .env.example.
    [LOCAL_STACK_MARKER]: "1",
    NEXT_PUBLIC_SUPABASE_URL: `http://127.0.0.1:${ports.auth}`,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: LOCAL_ANON_KEY,
    SUPABASE_SERVICE_ROLE_KEY: LOCAL_SERVICE_ROLE_KEY,
    DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${ports.postgres}/postgres`,
    APP_URL: `http://localhost:${ports.app}`,
    CRON_SECRET: LOCAL_CRON_SECRET,
    TOKEN_ENCRYPTION_KEY: LOCAL_TOKEN_ENCRYPTION_KEY,
    ZOOM_WEBHOOK_SECRET: LOCAL_ZOOM_WEBHOOK_SECRET,
    VIDEO_PROVIDERS: "jitsi,google_meet,zoom",
    ...payments,
  };
}
