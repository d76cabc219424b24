import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { Viewer } from "@/lib/db";

/**
 * A JWT stays valid for its hour even after its user signs out. For actions that move money
 * or trust, the Supabase Auth session it names (`session_id`) must still exist in
 * auth.sessions (Supabase deletes it on sign-out) and not be past its `not_after`.
 */
export async function assertLiveSession(options: { db: Sql; viewer: Viewer; now?: Date }): Promise<void> {
  const { db, viewer } = options;
  const sessionId = viewer.claims.session_id;
  if (typeof sessionId !== "string" || sessionId === "") {
    throw new AppError("unauthorized", "This sign-in has no session behind it. Sign in again.");
  }
  const [row] = await db<{ is_live: boolean }[]>`
    select (s.not_after is null or s.not_after > ${options.now ?? new Date()}) as is_live
    from auth.sessions s
    where s.id = ${sessionId}::uuid and s.user_id = ${viewer.id}
  `;
  if (!row?.is_live) throw new AppError("unauthorized", "You signed out of this session. Sign in again, then try once more.");
}
