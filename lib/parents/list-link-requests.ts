import "server-only";
import type { Sql } from "postgres";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";

/** A request waiting for a child's approval, known by the email the parent gave. */
export type TLinkRequest = { childEmail: string; requestedAt: Date };

/**
 * The parent's requests still waiting for approval. Whether an email has a student
 * account (a pending link) or not yet (an invitation), it reads the same: the database
 * lists both through public.list_parent_link_requests().
 */
export async function listLinkRequests(options: { db: Sql; viewer: TAppViewer }): Promise<TLinkRequest[]> {
  const { db, viewer } = options;
  if (viewer.role !== "parent") return [];
  const rows = await asUser(
    db,
    viewer,
    (tx) => tx<{ child_email: string; requested_at: Date }[]>`
    select child_email, requested_at from public.list_parent_link_requests()
  `,
  );
  return rows.map((row) => ({ childEmail: row.child_email, requestedAt: row.requested_at }));
}
