import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asUser, type Viewer } from "@/lib/db";

/**
 * Marks one of the viewer's notifications read (`notificationId`), or all of them (null), as
 * the viewer: RLS lets a user touch only their own rows and only `read_at`. Marking a read one
 * again changes nothing; another user's id is "not found". Returns how many changed.
 */
export async function markNotificationsRead(options: {
  db: Sql;
  viewer: Viewer;
  notificationId: string | null;
  now: Date;
}): Promise<number> {
  const { db, viewer, notificationId, now } = options;
  return asUser(db, viewer, async (tx) => {
    const only = notificationId ? tx`and id = ${notificationId}` : tx``;
    const updated = await tx`
      update public.notifications set read_at = ${now}
      where recipient_id = ${viewer.id} and read_at is null ${only}
    `;
    if (notificationId && updated.count === 0) {
      const [exists] = await tx`select 1 from public.notifications where id = ${notificationId}`;
      if (!exists) throw new AppError("not_found", "This notification does not exist.");
    }
    return updated.count;
  });
}
