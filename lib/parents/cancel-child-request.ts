import "server-only";
import type { Sql } from "postgres";
import { z } from "zod";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";

export const ZCancelChildRequest = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("link"), studentId: z.uuid() }),
  z.object({ kind: z.literal("invitation"), childEmail: z.email().max(254) }),
]);
export type TCancelChildRequest = z.infer<typeof ZCancelChildRequest>;

/**
 * The parent withdraws a request the child has not approved yet: a pending
 * link or an invitation by email. Runs as the parent; RLS allows exactly this.
 */
export async function cancelChildRequest(options: { db: Sql; viewer: TAppViewer; request: TCancelChildRequest }): Promise<void> {
  const { db, viewer, request } = options;
  if (viewer.role !== "parent") throw new AppError("forbidden", "Only the parent who asked can withdraw the request.");
  const rows = await asUser(db, viewer, (tx) =>
    request.kind === "link"
      ? tx`delete from public.parent_students
           where parent_id = ${viewer.id} and student_id = ${request.studentId} and approved_at is null
           returning parent_id`
      : tx`delete from public.parent_link_invitations
           where parent_id = ${viewer.id} and child_email = ${request.childEmail.toLowerCase()}
           returning parent_id`,
  );
  if (rows.length === 0) throw new AppError("not_found", "This request was already approved or withdrawn.");
}
