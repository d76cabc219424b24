import "server-only";
import type { Sql } from "postgres";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";

export type TParentLink = { parentId: string; parentName: string | null; requestedAt: Date; approvedAt: Date | null };

/** The parents who asked to follow this student (pending) or already do (approved), read under RLS. */
export async function listParentLinks(options: { db: Sql; viewer: TAppViewer }): Promise<TParentLink[]> {
  const { db, viewer } = options;
  const rows = await asUser(
    db,
    viewer,
    (tx) => tx<{ parent_id: string; parent_name: string | null; created_at: Date; approved_at: Date | null }[]>`
    select ps.parent_id, nullif(parent.full_name, '') as parent_name, ps.created_at, ps.approved_at
    from public.parent_students ps
    left join public.profiles parent on parent.id = ps.parent_id
    where ps.student_id = ${viewer.id}
    order by ps.approved_at nulls first, ps.created_at
  `,
  );
  return rows.map((row) => ({
    parentId: row.parent_id,
    parentName: row.parent_name,
    requestedAt: row.created_at,
    approvedAt: row.approved_at,
  }));
}
