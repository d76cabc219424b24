import "server-only";
import type { Sql } from "postgres";
import { asService, type Viewer } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";
import { feedUrl, hashFeedToken, newFeedToken } from "@/lib/calendar/feed-token";

/**
 * Creates the viewer's feed URL, or replaces it (the old URL stops working at once). The URL is returned
 * only here: the table keeps the token's hash, so it cannot be shown again later.
 */
export async function resetFeedToken(options: { db: Sql; viewer: Viewer; now: Date }): Promise<{ url: string; createdAt: Date }> {
  const { db, viewer, now } = options;
  const token = newFeedToken();
  await asService(
    db,
    (tx) => tx`
    insert into public.calendar_feed_tokens (user_id, token_hash, created_at) values (${viewer.id}, ${hashFeedToken(token)}, ${now})
    on conflict (user_id) do update set token_hash = excluded.token_hash, created_at = excluded.created_at`,
  );
  return { url: feedUrl(serverEnv().APP_URL, token), createdAt: now };
}
