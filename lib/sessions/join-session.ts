import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asService, type Tx, type Viewer } from "@/lib/db";
import { readVisibleSession } from "@/lib/sessions/read-visible-session";
import { isJoinWindowOpen, joinWindowOpensAt } from "@/lib/sessions/rules";
import { recordAttendance } from "@/lib/sessions/record-attendance";
import { recordSessionEvent } from "@/lib/sessions/record-session-event";
import type { TSessionRow } from "@/lib/sessions/session-row";

export type TJoinRole = "student" | "tutor" | "parent";

/**
 * Hands out the meeting link to the session's student, tutor or the student's
 * approved parent, only inside the join window (T−5 until the scheduled end,
 * README "Session rules"), and records the join (a parent joining is not the
 * student attending). The link is read as the
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
    const attendance = await recordAttendance(tx, { sessionId, facts: role === "parent" ? [] : [{ kind: "joined", role, at: now }] });
    // A no-show or the charge job may have won the row between the read and this lock.
    if (!attendance.isApplied) throw notOpenAnymore(await currentStatus(tx, sessionId));
    const isFirstJoin = attendance.firstJoins.length > 0;
    await recordSessionEvent(tx, {
      sessionId,
      type: "session.joined",
      actor: { id: viewer.id, role },
      payload: { first_join: isFirstJoin },
      at: now,
    });
    const [link] = await tx<{ join_url: string }[]>`select join_url from public.session_meeting_links where session_id = ${sessionId}`;
    if (!link) throw new Error(`session ${sessionId} has no meeting link`);
    return { joinUrl: link.join_url, role, isFirstJoin };
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

async function currentStatus(tx: Tx, sessionId: string): Promise<string> {
  const [row] = await tx<{ status: string }[]>`select status from public.sessions where id = ${sessionId}`;
  return row?.status ?? "gone";
}
