import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asService, type Tx, type Viewer } from "@/lib/db";
import { readVisibleSession } from "@/lib/sessions/read-visible-session";
import { isJoinWindowOpen, joinWindowOpensAt } from "@/lib/sessions/rules";
import type { TSessionRow } from "@/lib/sessions/session-row";

export type TJoinRole = "student" | "tutor" | "parent";

// Only these columns record attendance; a parent joining is not the student attending.
const ATTENDANCE_COLUMN = { student: "student_joined_at", tutor: "tutor_joined_at" } as const;

/**
 * Hands out the meeting link to the session's student, tutor or the student's
 * approved parent, only inside the join window (T−5 until the scheduled end,
 * README "Session rules"), and records the join. The link is read as the
 * service: no browser role can ever read it directly.
 */
export async function joinSession(options: { db: Sql; viewer: Viewer; sessionId: string; now: Date }): Promise<{
  joinUrl: string;
  role: TJoinRole;
  isFirstJoin: boolean;
}> {
  const { db, viewer, sessionId, now } = options;
  const { session, relation } = await readVisibleSession({ db, viewer, sessionId });
  if (relation === "other") {
    throw new AppError("forbidden", "Only the session's student, tutor or the student's parent can join it.");
  }
  assertJoinable(session, now);
  const role = relation;
  return asService(db, async (tx) => {
    const isFirstJoin = await recordJoin(tx, { sessionId, role, now });
    await tx`
      insert into public.session_events (session_id, type, actor_id, actor_role, payload, at)
      values (${sessionId}, 'session.joined', ${viewer.id}, ${role}, ${tx.json({ first_join: isFirstJoin })}, ${now})
    `;
    const [link] = await tx<{ join_url: string; host_url: string | null }[]>`
      select join_url, host_url from public.session_meeting_links where session_id = ${sessionId}
    `;
    if (!link) throw new Error(`session ${sessionId} has no meeting link`);
    // The tutor gets the host link where the provider has one (Zoom's start URL).
    return { joinUrl: role === "tutor" ? (link.host_url ?? link.join_url) : link.join_url, role, isFirstJoin };
  });
}

function assertJoinable(session: TSessionRow, now: Date): void {
  const window = { scheduledStartAt: session.scheduled_start_at, scheduledEndAt: session.scheduled_end_at };
  if (!isJoinWindowOpen(window, now)) {
    const opensAt = joinWindowOpensAt(window);
    if (now < opensAt) {
      throw new AppError("too_early", `You can join from ${opensAt.toISOString()}, 5 minutes before the start.`, {
        opens_at: opensAt.toISOString(),
      });
    }
    throw new AppError("too_late", `This session ended at ${session.scheduled_end_at.toISOString()}.`, {
      closed_at: session.scheduled_end_at.toISOString(),
    });
  }
  if (session.status !== "SCHEDULED") throw notOpenAnymore(session.status);
}

function notOpenAnymore(status: string): AppError {
  const reason = status === "NO_SHOW_STUDENT" ? "the tutor marked the student as a no-show" : `it is ${status}`;
  return new AppError("conflict", `This session can no longer be joined: ${reason}.`);
}

/** Locks the row, checks it is still SCHEDULED and stamps the first join of this role. */
async function recordJoin(tx: Tx, input: { sessionId: string; role: TJoinRole; now: Date }): Promise<boolean> {
  const [current] = await tx<{ status: string; student_joined_at: Date | null; tutor_joined_at: Date | null }[]>`
    select status, student_joined_at, tutor_joined_at from public.sessions where id = ${input.sessionId} for update
  `;
  // A no-show or the charge job may have won the row between the read and this lock.
  if (!current || current.status !== "SCHEDULED") throw notOpenAnymore(current?.status ?? "gone");
  if (input.role === "parent") return false;
  const column = ATTENDANCE_COLUMN[input.role];
  if (current[column] !== null) return false;
  await tx`update public.sessions set ${tx(column)} = ${input.now} where id = ${input.sessionId}`;
  return true;
}
