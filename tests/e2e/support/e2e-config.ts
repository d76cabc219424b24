import { tmpdir } from "node:os";
import path from "node:path";

function portFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`${name} must be a TCP port, got "${value}"`);
  return port;
}

/**
 * Away from `npm run dev`'s (3000/54321/54322), so both can run at once. Overridable
 * (E2E_APP_PORT, E2E_AUTH_PORT, E2E_POSTGRES_PORT) for a second run on the same machine;
 * serve.ts is Playwright's child and inherits the same environment, so both agree.
 */
export const E2E_PORTS = {
  app: portFromEnv("E2E_APP_PORT", 3100),
  auth: portFromEnv("E2E_AUTH_PORT", 55421),
  postgres: portFromEnv("E2E_POSTGRES_PORT", 55422),
} as const;
export const E2E_APP_URL = `http://localhost:${E2E_PORTS.app}`;

/** Where serve.ts tells the tests how to reach the throwaway stack (one file per app port). */
export const E2E_STACK_FILE = path.join(tmpdir(), `tutoring-e2e-stack-${E2E_PORTS.app}.json`);

export type TE2EStack = {
  appUrl: string;
  databaseUrl: string;
  supabaseUrl: string;
  anonKey: string;
  serviceRoleKey: string;
  /** The SMTP catcher's mailbox (lib/notifications/transports/read-caught-mail.ts). */
  mailFile: string;
  /** The Stripe fake's base URL: its API (/v1), hosted pages and test controls (/__control). */
  stripeUrl: string;
};
