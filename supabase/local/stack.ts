import postgres from "postgres";
import { startAuthServer, type TAuthServer } from "./auth-server.ts";
import { LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY, localEnv } from "./config.ts";
import { applyBootstrap, applyMigrations } from "./migrate.ts";
import { startLocalPostgres, type TLocalPostgres } from "./postgres.ts";

export type TLocalStack = {
  env: Record<string, string>;
  databaseUrl: string;
  authUrl: string;
  migrationsApplied: string[];
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
}): Promise<TLocalStack> {
  let pg: TLocalPostgres | undefined;
  let auth: TAuthServer | undefined;
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
    const started = { pg, auth };
    return {
      env: localEnv(options.ports),
      databaseUrl: pg.url,
      authUrl: auth.url,
      migrationsApplied,
      stop: async () => {
        await started.auth.stop();
        await started.pg.stop();
      },
    };
  } catch (error) {
    await auth?.stop().catch(() => {});
    await pg?.stop().catch(() => {});
    throw error;
  }
}
