import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asUser, type Viewer } from "@/lib/db";
import { sessionColumns, toSessionRow, type TSessionRow } from "@/lib/sessions/session-row";

export type TSessionRelation = "tutor" | "student" | "parent" | "other";

/**
 * Reads a session as the viewer, so RLS alone decides whether it exists for
 * them (another tutor gets not_found, never a hint that it exists), and says
 * how the viewer relates to it. "other" is someone RLS lets read it (an admin).
 */
export async function readVisibleSession(options: { db: Sql; viewer: Viewer; sessionId: string }): Promise<{
  session: TSessionRow;
  relation: TSessionRelation;
}> {
  const { db, viewer, sessionId } = options;
  const [row] = await asUser(db, viewer, (tx) => tx`
    select ${sessionColumns(tx)}, public.is_parent_of(student_id) as is_parent
    from public.sessions where id = ${sessionId}
  `);
  if (!row) throw new AppError("not_found", "There is no session with this id that you can see.");
  const { is_parent: isParent, ...columns } = row;
  const session = toSessionRow(columns);
  return { session, relation: relationOf(session, viewer.id, isParent === true) };
}

function relationOf(session: TSessionRow, viewerId: string, isParent: boolean): TSessionRelation {
  if (session.tutor_id === viewerId) return "tutor";
  if (session.student_id === viewerId) return "student";
  return isParent ? "parent" : "other";
}
