/**
 * The local stack's published secrets: they are in .env.example and in this repository, so they
 * protect nothing but a developer's own machine. lib/env/server-env.ts refuses them outside the
 * local stack; supabase/local/config.ts hands them to the stack's own processes.
 */
export const LOCAL_CRON_SECRET = "local-development-cron-secret";
// 32 zero-free bytes, base64: the local token encryption key (never used in production).
export const LOCAL_TOKEN_ENCRYPTION_KEY = "bG9jYWwtZGV2ZWxvcG1lbnQtdG9rZW4ta2V5LTMyYiE=";
export const LOCAL_ZOOM_WEBHOOK_SECRET = "local-development-zoom-webhook-secret";

/**
 * Set to "1" only by the local stack's own processes (supabase/local/config.ts `localEnv()`), never in
 * .env.example: `next start` there runs with NODE_ENV=production on purpose and may use the values above.
 */
export const LOCAL_STACK_MARKER = "LOCAL_STACK";

/** The local Stripe fake's keys (tests/fakes/stripe-fake.ts): test-mode shaped, useless against Stripe itself. */
export const LOCAL_STRIPE_SECRET_KEY = "sk_test_local-development-stripe-fake-key";
export const LOCAL_STRIPE_WEBHOOK_SECRET = "whsec_local-development-stripe-fake-webhook-secret";
