import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";

/**
 * The student declines a parent's request, or takes back an approval. Runs as
 * the student: RLS lets them delete links to themselves only.
 */
export async function removeParentLink(options: { db: Sql; viewer: TAppViewer; parentId: string }): Promise<void> {
  const { db, viewer, parentId } = options;
  if (viewer.role !== "student") throw new AppError("forbidden", "Only the student can decline or remove a parent's access.");
  const rows = await asUser(
    db,
    viewer,
    (tx) => tx`
    delete from public.parent_students where parent_id = ${parentId} and student_id = ${viewer.id}
    returning parent_id
  `,
  );
  if (rows.length === 0) throw new AppError("not_found", "This parent link no longer exists.");
}
