import "server-only";
import type { Sql } from "postgres";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";

export type TLinkInvitation = { childEmail: string; requestedAt: Date };

/** A parent's requests still waiting for a student account with that email, read under RLS. */
export async function listLinkInvitations(options: { db: Sql; viewer: TAppViewer }): Promise<TLinkInvitation[]> {
  const { db, viewer } = options;
  const rows = await asUser(db, viewer, (tx) => tx<{ child_email: string; created_at: Date }[]>`
    select child_email, created_at from public.parent_link_invitations
    where parent_id = ${viewer.id}
    order by created_at, child_email
  `);
  return rows.map((row) => ({ childEmail: row.child_email, requestedAt: row.created_at }));
}
