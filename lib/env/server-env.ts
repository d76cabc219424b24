import "server-only";
import { z } from "zod";
import { parseTokenKeys } from "@/lib/crypto/token-keys";

/**
 * Token encryption keys: base64 of exactly 32 bytes each, optionally `id:`-prefixed, comma-separated,
 * newest first (lib/crypto/token-keys.ts). Never a passphrase: nothing is hashed into a key.
 */
const ZEncryptionKeys = z.string().min(1).superRefine((value, context) => {
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
});

export type TServerEnv = z.infer<typeof ZServerEnv>;

let cached: TServerEnv | undefined;

/** Validated once; a missing or malformed variable is a clear error naming it. */
export function serverEnv(): TServerEnv {
  if (cached) return cached;
  const parsed = ZServerEnv.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid environment (see .env.example):\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}
