import "server-only";
import type { Sql } from "postgres";
import type { Viewer } from "@/lib/db";
import { asUser } from "@/lib/db";
import { NOTIFICATION_KINDS, type TNotificationKind } from "./kinds";

export type TDeadNotification = {
  id: string;
  kind: TNotificationKind;
  label: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
};
export type TOutboxHealth = { pending: number; dead: number; recentDead: TDeadNotification[] };

const DEAD_LIST_LIMIT = 10;

/**
 * The email outbox as an admin sees it (admin page): how many wait, how many died, the latest
 * dead ones with their error. Read as the viewer: RLS lets only admins read the outbox, so
 * anyone else gets zeros.
 */
export async function readOutboxHealth(options: { db: Sql; viewer: Viewer }): Promise<TOutboxHealth> {
  return asUser(options.db, options.viewer, async (tx) => {
    const [counts] = await tx<{ pending: number; dead: number }[]>`
      select count(*) filter (where status in ('pending', 'sending'))::int as pending,
             count(*) filter (where status = 'dead')::int as dead
      from public.notification_outbox
    `;
    const dead = await tx<{ id: string; kind: TNotificationKind; attempts: number; last_error: string | null; created_at: Date }[]>`
      select id, kind, attempts, last_error, created_at from public.notification_outbox
      where status = 'dead' order by created_at desc limit ${DEAD_LIST_LIMIT}
    `;
    return {
      pending: counts?.pending ?? 0,
      dead: counts?.dead ?? 0,
      recentDead: dead.map((row) => ({
        id: row.id,
        kind: row.kind,
        label: NOTIFICATION_KINDS[row.kind]?.label ?? row.kind,
        attempts: row.attempts,
        lastError: row.last_error,
        createdAt: row.created_at,
      })),
    };
  });
}
