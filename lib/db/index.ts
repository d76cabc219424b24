import "server-only";
import postgres, { type Sql, type TransactionSql } from "postgres";
import { serverEnv } from "@/lib/env/server-env";

export type Tx = TransactionSql;
export type Db = Sql;

/** A verified caller: `claims` are the JWT claims exactly as Supabase Auth issued them. */
export type Viewer = {
  id: string;
  email: string | null;
  claims: Record<string, unknown>;
};

const globalForDb = globalThis as unknown as { __sql?: Sql };

/** One pool per server process (survives Next's dev reloads). */
export function getDb(): Sql {
  if (!globalForDb.__sql) {
    globalForDb.__sql = createDb(serverEnv().DATABASE_URL);
  }
  return globalForDb.__sql;
}

export function createDb(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    // The Supabase pooler (transaction mode) does not support prepared statements.
    prepare: false,
    onnotice: () => {},
    transform: { undefined: null },
  });
}

// Roles come from this allow-list only, never from input (lib/README.md, Layers).
const DATABASE_ROLES = { user: "authenticated" } as const;

/**
 * Runs `fn` in one transaction as the viewer, exactly as PostgREST would:
 * `set local role authenticated` plus the verified JWT claims, so RLS decides every row.
 */
export async function asUser<T>(db: Sql, viewer: Viewer, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const claims = JSON.stringify({ ...viewer.claims, sub: viewer.id, role: DATABASE_ROLES.user });
  return db.begin(async (tx) => {
    await tx`select set_config('request.jwt.claims', ${claims}, true), set_config('role', ${DATABASE_ROLES.user}, true)`;
    return fn(tx);
  }) as Promise<T>;
}

/** Runs `fn` in one transaction on the owner connection (cron, webhooks, OAuth callbacks). */
export async function asService<T>(db: Sql, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.begin(fn) as Promise<T>;
}
