import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asService, asUser, type Viewer } from "@/lib/db";
import { sessionColumns, toSessionRow, type TSessionRow } from "@/lib/sessions/session-row";

export type TSessionRelation = "tutor" | "student" | "parent" | "other";

/**
 * Reads a session as the viewer, so RLS alone decides whether it exists for
 * them (another tutor gets not_found, never a hint that it exists), and says
 * how the viewer relates to it. "other" is someone RLS lets read it (an admin).
 * Browser roles cannot read the payout columns (20261201003000), so once RLS has
 * proved visibility the full row is read as service, for server callers only.
 */
export async function readVisibleSession(options: { db: Sql; viewer: Viewer; sessionId: string }): Promise<{
  session: TSessionRow;
  relation: TSessionRelation;
}> {
  const { db, viewer, sessionId } = options;
  const [visible] = await asUser(
    db,
    viewer,
    (tx) => tx<{ is_parent: boolean }[]>`
    select public.is_parent_of(student_id) as is_parent from public.sessions where id = ${sessionId}
  `,
  );
  if (!visible) throw new AppError("not_found", "There is no session with this id that you can see.");
  const [row] = await asService(db, (tx) => tx`select ${sessionColumns(tx)} from public.sessions where id = ${sessionId}`);
  if (!row) throw new AppError("not_found", "There is no session with this id that you can see.");
  const session = toSessionRow(row);
  return { session, relation: relationOf(session, viewer.id, visible.is_parent === true) };
}

function relationOf(session: TSessionRow, viewerId: string, isParent: boolean): TSessionRelation {
  if (session.tutor_id === viewerId) return "tutor";
  if (session.student_id === viewerId) return "student";
  return isParent ? "parent" : "other";
}
