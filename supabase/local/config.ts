/**
 * The local stack's fixed settings. Ports and variable names mirror
 * `supabase start`, so pointing .env.local at a real project is a
 * configuration change only (DESIGN §2).
 */
export const LOCAL_PORTS = { app: 3000, auth: 54321, postgres: 54322 } as const;

// Local-only keys: they protect nothing but a developer's own machine.
export const LOCAL_ANON_KEY = "sb_publishable_local-development-anon-key";
export const LOCAL_SERVICE_ROLE_KEY = "sb_secret_local-development-service-role-key";
export const LOCAL_CRON_SECRET = "local-development-cron-secret";
// 32 zero-free bytes, base64: the local token encryption key (never used in production).
export const LOCAL_TOKEN_ENCRYPTION_KEY = "bG9jYWwtZGV2ZWxvcG1lbnQtdG9rZW4ta2V5LTMyYiE=";
export const LOCAL_ZOOM_WEBHOOK_SECRET = "local-development-zoom-webhook-secret";

export function localEnv(ports: { app: number; auth: number; postgres: number }): Record<string, string> {
  return {
    NEXT_PUBLIC_SUPABASE_URL: `http://127.0.0.1:${ports.auth}`,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: LOCAL_ANON_KEY,
    SUPABASE_SERVICE_ROLE_KEY: LOCAL_SERVICE_ROLE_KEY,
    DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${ports.postgres}/postgres`,
    APP_URL: `http://localhost:${ports.app}`,
    CRON_SECRET: LOCAL_CRON_SECRET,
    TOKEN_ENCRYPTION_KEY: LOCAL_TOKEN_ENCRYPTION_KEY,
    ZOOM_WEBHOOK_SECRET: LOCAL_ZOOM_WEBHOOK_SECRET,
    VIDEO_PROVIDERS: "jitsi,google_meet,zoom",
  };
}
