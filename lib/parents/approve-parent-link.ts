import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";

/**
 * The student lets a parent see their sessions. Runs as the student: RLS lets
 * a student set approved_at on links to themselves and nothing else.
 */
export async function approveParentLink(options: { db: Sql; viewer: TAppViewer; parentId: string; now: Date }): Promise<void> {
  const { db, viewer, parentId, now } = options;
  if (viewer.role !== "student") throw new AppError("forbidden", "Only the student can approve a parent's request.");
  const rows = await asUser(
    db,
    viewer,
    (tx) => tx`
    update public.parent_students set approved_at = ${now}
    where parent_id = ${parentId} and student_id = ${viewer.id} and approved_at is null
    returning parent_id
  `,
  );
  if (rows.length === 0) throw new AppError("not_found", "This request no longer exists or was already approved.");
}
