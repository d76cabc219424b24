import "server-only";
import type { Sql } from "postgres";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";

export type TChildLink = { studentId: string; studentName: string | null; isApproved: boolean };

/** A parent's links; a child's name is readable (RLS) only once the child approved. */
export async function listChildren(options: { db: Sql; viewer: TAppViewer }): Promise<TChildLink[]> {
  const { db, viewer } = options;
  const rows = await asUser(db, viewer, (tx) => tx<{ student_id: string; student_name: string | null; approved_at: Date | null }[]>`
    select ps.student_id, nullif(child.full_name, '') as student_name, ps.approved_at
    from public.parent_students ps
    left join public.profiles child on child.id = ps.student_id
    where ps.parent_id = ${viewer.id}
    order by ps.created_at
  `);
  return rows.map((row) => ({ studentId: row.student_id, studentName: row.student_name, isApproved: row.approved_at !== null }));
}
