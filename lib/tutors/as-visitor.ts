import "server-only";
import { asUser, type Db, type Tx } from "@/lib/db";
import type { TAppViewer } from "@/lib/auth/get-viewer";

/**
 * Runs `fn` as whoever is browsing: the signed-in viewer (RLS as them), or the `anon` role exactly as
 * PostgREST runs an anonymous request — so a public read can never see more than anyone may.
 */
export async function asVisitor<T>(db: Db, viewer: TAppViewer | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (viewer) return asUser(db, viewer, fn);
  return db.begin(async (tx) => {
    await tx`select set_config('request.jwt.claims', '{"role":"anon"}', true), set_config('role', 'anon', true)`;
    return fn(tx);
  }) as Promise<T>;
}
