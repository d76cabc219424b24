import "server-only";
import type { Sql } from "postgres";
import { asUser, type Viewer } from "@/lib/db";

/** When the viewer's current feed URL was made, or null if they have none (RLS: their own row only). */
export async function readFeedStatus(options: { db: Sql; viewer: Viewer }): Promise<{ createdAt: Date | null }> {
  const [row] = await asUser(
    options.db,
    options.viewer,
    (tx) => tx<{ created_at: Date }[]>`
    select created_at from public.calendar_feed_tokens where user_id = ${options.viewer.id}`,
  );
  return { createdAt: row?.created_at ?? null };
}
