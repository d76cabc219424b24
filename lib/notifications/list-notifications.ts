import "server-only";
import type { Sql } from "postgres";
import { asUser, type Viewer } from "@/lib/db";
import type { TNotificationKind } from "./kinds";

export type TNotificationItem = {
  id: string;
  kind: TNotificationKind;
  title: string;
  body: string;
  link: string | null;
  isRead: boolean;
  createdAt: Date;
};

export const NOTIFICATION_LIST_LIMIT = 100;

/** The viewer's in-app notifications, newest first, and how many are unread (RLS: own rows only). */
export async function listNotifications(options: { db: Sql; viewer: Viewer; limit?: number }): Promise<{
  items: TNotificationItem[];
  unread: number;
}> {
  return asUser(options.db, options.viewer, async (tx) => {
    const rows = await tx<
      { id: string; kind: TNotificationKind; title: string; body: string; link: string | null; read_at: Date | null; created_at: Date }[]
    >`
      select id, kind, title, body, link, read_at, created_at from public.notifications
      where recipient_id = ${options.viewer.id}
      order by created_at desc, id limit ${options.limit ?? NOTIFICATION_LIST_LIMIT}
    `;
    const [count] = await tx<{ unread: number }[]>`
      select count(*)::int as unread from public.notifications where recipient_id = ${options.viewer.id} and read_at is null
    `;
    return {
      items: rows.map((row) => ({
        id: row.id,
        kind: row.kind,
        title: row.title,
        body: row.body,
        link: row.link,
        isRead: row.read_at !== null,
        createdAt: row.created_at,
      })),
      unread: count?.unread ?? 0,
    };
  });
}
