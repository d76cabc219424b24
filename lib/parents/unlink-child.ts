import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";

/**
 * The parent stops following a child: the approved link goes, and with it every view
 * of that child's lessons. Runs as the parent: RLS lets a parent delete only their own
 * approved links (a pending one is withdrawn by email, lib/parents/withdraw-link-request.ts).
 */
export async function unlinkChild(options: { db: Sql; viewer: TAppViewer; studentId: string }): Promise<void> {
  const { db, viewer, studentId } = options;
  if (viewer.role !== "parent") throw new AppError("forbidden", "Only a parent can unlink their child.");
  const rows = await asUser(
    db,
    viewer,
    (tx) => tx`
    delete from public.parent_students where parent_id = ${viewer.id} and student_id = ${studentId} and approved_at is not null
    returning student_id
  `,
  );
  if (rows.length === 0) throw new AppError("not_found", "This child is not linked to your account any more.");
}
