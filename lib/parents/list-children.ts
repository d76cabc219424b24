import "server-only";
import type { Sql } from "postgres";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";

export type TLinkedChild = { studentId: string; name: string | null; email: string; approvedAt: Date };

/** The parent's children who approved the link, with name and sign-in email (public.list_linked_children()). */
export async function listChildren(options: { db: Sql; viewer: TAppViewer }): Promise<TLinkedChild[]> {
  const { db, viewer } = options;
  if (viewer.role !== "parent") return [];
  const rows = await asUser(
    db,
    viewer,
    (tx) => tx<{ student_id: string; full_name: string; email: string; approved_at: Date }[]>`
    select student_id, full_name, email, approved_at from public.list_linked_children()
  `,
  );
  return rows.map((row) => ({
    studentId: row.student_id,
    name: row.full_name.trim() || null,
    email: row.email,
    approvedAt: row.approved_at,
  }));
}
