import postgres from "postgres";
import { startAuthServer, type TAuthServer } from "./auth-server.ts";
import { LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY, localEnv } from "./config.ts";
import { applyBootstrap, applyMigrations } from "./migrate.ts";
import { startLocalPostgres, type TLocalPostgres } from "./postgres.ts";
import { startMailCatcher, type TMailCatcher } from "../../lib/notifications/transports/mail-catcher.ts";
import { startStripeFake, type TStripeFake } from "../../tests/fakes/stripe-fake.ts";

export type TLocalStack = {
  env: Record<string, string>;
  databaseUrl: string;
  authUrl: string;
  migrationsApplied: string[];
  /** The local Stripe fake, when asked for (README "Payments"). */
  stripe?: TStripeFake;
  stop: () => Promise<void>;
};

/**
 * Starts Postgres, the Supabase bootstrap, the migrations and the auth
 * endpoint (README, What npm run dev starts). Used by `npm run dev` (persistent, standard ports)
 * and by the test setups (throwaway data dir, their own ports).
 */
export async function startLocalStack(options: {
  dataDir: string;
  ports: { app: number; auth: number; postgres: number };
  persistent: boolean;
  signingKeyFile?: string;
  onLog?: (line: string) => void;
  /** The in-process SMTP catcher (README "Notifications"): its port and the mailbox file /dev/mail reads. */
  mail?: { port: number; file: string };
  /**
   * The in-process Stripe fake (README "Payments"): its port (0: any free one), where it sends its signed
   * webhooks (the app's /api/webhooks/stripe) and the file keeping its customers and cards across restarts.
   */
  payments?: { port: number; webhookUrl?: string; stateFile?: string };
}): Promise<TLocalStack> {
  let pg: TLocalPostgres | undefined;
  let auth: TAuthServer | undefined;
  let mail: TMailCatcher | undefined;
  let stripe: TStripeFake | undefined;
  try {
    pg = await startLocalPostgres({
      dataDir: options.dataDir,
      port: options.ports.postgres,
      persistent: options.persistent,
      onLog: options.onLog,
    });
    const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    let migrationsApplied: string[];
    try {
      await applyBootstrap(sql);
      migrationsApplied = await applyMigrations(sql);
    } finally {
      await sql.end();
    }
    auth = await startAuthServer({
      databaseUrl: pg.url,
      port: options.ports.auth,
      anonKey: LOCAL_ANON_KEY,
      serviceRoleKey: LOCAL_SERVICE_ROLE_KEY,
      signingKeyFile: options.signingKeyFile,
    });
    if (options.mail) mail = await startMailCatcher(options.mail);
    if (options.payments) {
      stripe = await startStripeFake({
        port: options.payments.port,
        webhookUrl: options.payments.webhookUrl,
        stateFile: options.payments.stateFile,
        onLog: options.onLog ?? ((line) => process.stderr.write(`[stripe-fake] ${line}\n`)),
      });
    }
    const started = { pg, auth, mail, stripe };
    const mailEnv: Record<string, string> = mail ? { SMTP_URL: `smtp://127.0.0.1:${mail.port}`, MAIL_CATCHER_FILE: mail.file } : {};
    const stripePort = stripe ? Number(new URL(stripe.baseUrl).port) : undefined;
    return {
      env: { ...localEnv({ ...options.ports, stripe: stripePort }), ...mailEnv },
      databaseUrl: pg.url,
      authUrl: auth.url,
      migrationsApplied,
      stripe,
      stop: async () => {
        await started.stripe?.stop();
        await started.mail?.stop();
        await started.auth.stop();
        await started.pg.stop();
      },
    };
  } catch (error) {
    await stripe?.stop().catch(() => {});
    await mail?.stop().catch(() => {});
    await auth?.stop().catch(() => {});
    await pg?.stop().catch(() => {});
    throw error;
  }
}
