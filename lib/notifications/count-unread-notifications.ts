import "server-only";
import type { Sql } from "postgres";
import { asUser, type Viewer } from "@/lib/db";

/** The bell's number: the viewer's unread in-app notifications (RLS: own rows only; a partial index answers it). */
export async function countUnreadNotifications(options: { db: Sql; viewer: Viewer }): Promise<number> {
  return asUser(options.db, options.viewer, async (tx) => {
    const [row] = await tx<{ unread: number }[]>`
      select count(*)::int as unread from public.notifications where recipient_id = ${options.viewer.id} and read_at is null
    `;
    return row?.unread ?? 0;
  });
}
