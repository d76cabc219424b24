import "server-only";
import { z } from "zod";
import { parseTokenKeys } from "@/lib/crypto/token-keys";
import {
  LOCAL_CRON_SECRET,
  LOCAL_STACK_MARKER,
  LOCAL_STRIPE_SECRET_KEY,
  LOCAL_STRIPE_WEBHOOK_SECRET,
  LOCAL_TOKEN_ENCRYPTION_KEY,
  LOCAL_ZOOM_WEBHOOK_SECRET,
} from "@/lib/env/local-values";

/**
 * Token encryption keys: base64 of exactly 32 bytes each, optionally `id:`-prefixed, comma-separated,
 * newest first (lib/crypto/token-keys.ts). Never a passphrase: nothing is hashed into a key.
 */
const ZEncryptionKeys = z
  .string()
  .min(1)
  .superRefine((value, context) => {
    try {
      parseTokenKeys(value);
    } catch (error) {
      context.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
    }
  });

const ZServerEnv = z.object({
  NEXT_PUBLIC_SUPABASE_URL: z.url(),
  NEXT_PUBLIC_SUPABASE_ANON_KEY: z.string().min(1),
  SUPABASE_SERVICE_ROLE_KEY: z.string().min(1),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// connection string"),
  APP_URL: z.url(),
  // Optional at start-up so the site still serves; the cron route refuses to run without it.
  CRON_SECRET: z.string().min(16, "CRON_SECRET must be at least 16 characters").optional(),
  TOKEN_ENCRYPTION_KEY: ZEncryptionKeys,
  VIDEO_PROVIDERS: z.string().default("google_meet,zoom"),
  ZOOM_WEBHOOK_SECRET: z.string().min(1).optional(),
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  ZOOM_CLIENT_ID: z.string().min(1).optional(),
  ZOOM_CLIENT_SECRET: z.string().min(1).optional(),
  // Base URLs are configurable so tests can point the real clients at local fakes.
  // The two Google API bases are used as origins (googleapis drops any path prefix).
  GOOGLE_OAUTH_AUTHORIZE_URL: z.url().default("https://accounts.google.com/o/oauth2/v2/auth"),
  GOOGLE_OAUTH_TOKEN_URL: z.url().default("https://oauth2.googleapis.com/token"),
  GOOGLE_API_BASE_URL: z.url().default("https://www.googleapis.com"),
  GOOGLE_MEET_API_BASE_URL: z.url().default("https://meet.googleapis.com"),
  ZOOM_OAUTH_BASE_URL: z.url().default("https://zoom.us"),
  ZOOM_API_BASE_URL: z.url().default("https://api.zoom.us"),
  // Email (lib/notifications): unset, the delivery job sends nothing and the outbox waits.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/]/, "SMTP_URL must be an smtp:// or smtps:// URL")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Tutoring <no-reply@localhost>"),
  // The local catcher's mailbox, read by /dev/mail (local stack only).
  MAIL_CATCHER_FILE: z.string().min(1).optional(),
  // Payments (lib/payments/providers): stripe needs both secrets; manual (the default) needs none.
  PAYMENTS_PROVIDER: z.enum(["stripe", "manual"]).default("manual"),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\S+$/, "STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_…, sk_live_… or a restricted rk_…)")
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\S+$/, "STRIPE_WEBHOOK_SECRET must be a webhook signing secret (whsec_…)")
    .optional(),
  // Stripe's API by default; the local Stripe fake in development and tests.
  STRIPE_API_URL: z.url().optional(),
  // Provider operations per second the jobs allow themselves (Stripe: 25 in test mode, 100 live); unset: from the key.
  PAYMENTS_RATE_LIMIT_PER_SECOND: z.coerce.number().int().min(1).max(10_000).optional(),
  // The manual provider: how payers pay what is due (bank, account, the reference to quote), on their payments page.
  MANUAL_PAYMENT_INSTRUCTIONS: z.string().trim().min(1).max(1000).optional(),
});

export type TServerEnv = z.infer<typeof ZServerEnv>;
type TRawEnv = Record<string, string | undefined>;

/** `NAME=` (as copied from .env.example) means unset, so defaults and optional variables behave. */
function withoutEmptyValues(env: TRawEnv): TRawEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ""));
}

/**
 * A deployment: on Vercel always; elsewhere NODE_ENV=production unless the local stack marked its own
 * process (its `next start` runs with NODE_ENV=production too; see lib/env/local-values.ts).
 */
function isOutsideLocalStack(env: TRawEnv): boolean {
  return Boolean(env.VERCEL) || (env.NODE_ENV === "production" && env[LOCAL_STACK_MARKER] !== "1");
}

/** The variables holding a value published in this repository; a key list is checked entry by entry. */
function publishedLocalSecrets(env: TRawEnv): string[] {
  const isLocalKey = (entry: string) => entry.trim().replace(/^[^:]*:/, "") === LOCAL_TOKEN_ENCRYPTION_KEY;
  const found: string[] = [];
  if (env.CRON_SECRET === LOCAL_CRON_SECRET) found.push("CRON_SECRET");
  if (env.TOKEN_ENCRYPTION_KEY?.split(",").some(isLocalKey)) found.push("TOKEN_ENCRYPTION_KEY");
  if (env.ZOOM_WEBHOOK_SECRET === LOCAL_ZOOM_WEBHOOK_SECRET) found.push("ZOOM_WEBHOOK_SECRET");
  if (env.STRIPE_SECRET_KEY === LOCAL_STRIPE_SECRET_KEY) found.push("STRIPE_SECRET_KEY");
  if (env.STRIPE_WEBHOOK_SECRET === LOCAL_STRIPE_WEBHOOK_SECRET) found.push("STRIPE_WEBHOOK_SECRET");
  return found;
}

/** Validates an environment; a missing, malformed or (outside the local stack) published value is an error naming it. */
export function parseServerEnv(raw: TRawEnv): TServerEnv {
  const env = withoutEmptyValues(raw);
  const parsed = ZServerEnv.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  if (env.PAYMENTS_PROVIDER === "stripe") {
    for (const name of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"] as const) {
      if (!env[name]) problems.push(`  ${name}: is required with PAYMENTS_PROVIDER=stripe`);
    }
  }
  if (isOutsideLocalStack(env)) {
    for (const name of publishedLocalSecrets(env)) {
      problems.push(
        `  ${name}: is the local development value published in .env.example; set a secret of your own (openssl rand -base64 32)`,
      );
    }
  }
  if (!parsed.success || problems.length) throw new Error(`Invalid environment (see .env.example):\n${problems.join("\n")}`);
  return parsed.data;
}

let cached: TServerEnv | undefined;

/** process.env, validated once (at start-up by instrumentation.ts). */
export function serverEnv(): TServerEnv {
  cached ??= parseServerEnv(process.env);
  return cached;
}
