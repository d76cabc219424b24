import "server-only";
import type { Sql } from "postgres";

/**
 * Provider events that matched no session keep their idempotency key, but not the
 * participant's name or email past 30 days. The append-only trigger on session_events
 * allows exactly this redaction (migration 20261201002400); the 30 days are the
 * database's clock, as the trigger checks them.
 */
export async function purgeUnmatchedProviderEvents(options: { db: Sql }): Promise<number> {
  const [row] = await options.db<{ purged: number }[]>`select public.purge_unmatched_provider_events() as purged`;
  return row?.purged ?? 0;
}
