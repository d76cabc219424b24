import "server-only";
import type { ISql } from "postgres";
import { enqueueJoinNotice } from "@/lib/notifications/enqueue-join-notice";
import { isJoinWindowOpen } from "@/lib/sessions/rules";
import type { TVideoProviderName } from "@/lib/video/types";

export type TAttendee = "student" | "tutor";

/** One thing a source (the app's join route, a Zoom webhook, a Meet conference record) learned. */
export type TAttendanceFact =
  | { kind: "joined"; role: TAttendee; at: Date }
  | {
      kind: "instance";
      provider: TVideoProviderName;
      /** Zoom's meeting uuid, Meet's conference record name. */
      instanceId: string;
      startedAt?: Date | null;
      endedAt?: Date | null;
      /** Meet reads a record whole: its end (or that it is still live) replaces what was stored. */
      isSnapshot?: boolean;
    };

export type TAttendanceOutcome = {
  /** False when the session is no longer SCHEDULED: settled sessions keep their evidence as it was. */
  isApplied: boolean;
  /** Roles whose first attendance this call recorded. */
  firstJoins: TAttendee[];
};

type TLockedSession = {
  status: string;
  scheduled_start_at: Date;
  scheduled_end_at: Date;
  student_joined_at: Date | null;
  tutor_joined_at: Date | null;
};

const JOINED_COLUMN = { student: "student_joined_at", tutor: "tutor_joined_at" } as const;

/**
 * The one writer of attendance: `student_joined_at` / `tutor_joined_at` (the no-show guards)
 * and the meeting's instances (the early-end rule), inside the caller's transaction. Every
 * fact is order-free and idempotent: a join keeps the earliest time, an instance's start the
 * earliest and its end the latest, and one instance never touches another, so a late or
 * redelivered `meeting.ended` of an earlier run cannot end a running one. A join outside the
 * join window (README "Session rules": a run opened two days early) is not attendance of this lesson.
 */
export async function recordAttendance(
  tx: ISql,
  input: { sessionId: string; facts: readonly TAttendanceFact[] },
): Promise<TAttendanceOutcome> {
  const { sessionId, facts } = input;
  const [session] = await tx<TLockedSession[]>`
    select status, scheduled_start_at, scheduled_end_at, student_joined_at, tutor_joined_at
    from public.sessions where id = ${sessionId} for update
  `;
  if (!session || session.status !== "SCHEDULED") return { isApplied: false, firstJoins: [] };
  const firstJoins: TAttendee[] = [];
  let hasInstances = false;
  for (const fact of facts) {
    if (fact.kind === "joined") {
      if (await recordJoin(tx, sessionId, session, fact)) firstJoins.push(fact.role);
    } else if (fact.startedAt || fact.endedAt) {
      await recordInstance(tx, sessionId, fact);
      hasInstances = true;
    }
  }
  if (hasInstances) await refreshMeetingSummary(tx, sessionId);
  // "Your tutor / student has joined", in-app, to the other side: only a first join tells anyone.
  for (const role of firstJoins) await enqueueJoinNotice(tx, { sessionId, role });
  return { isApplied: true, firstJoins };
}

async function recordJoin(
  tx: ISql,
  sessionId: string,
  session: TLockedSession,
  fact: Extract<TAttendanceFact, { kind: "joined" }>,
): Promise<boolean> {
  const window = { scheduledStartAt: session.scheduled_start_at, scheduledEndAt: session.scheduled_end_at };
  if (!isJoinWindowOpen(window, fact.at)) return false;
  const column = JOINED_COLUMN[fact.role];
  const current = session[column];
  if (current !== null && current <= fact.at) return false;
  await tx`update public.sessions set ${tx(column)} = ${fact.at} where id = ${sessionId}`;
  session[column] = fact.at;
  return current === null;
}

async function recordInstance(tx: ISql, sessionId: string, fact: Extract<TAttendanceFact, { kind: "instance" }>): Promise<void> {
  const startedAt = fact.startedAt ?? null;
  const endedAt = fact.endedAt ?? null;
  // least/greatest ignore nulls: an end arriving before its start keeps both once both are known.
  await tx`
    insert into public.session_meeting_instances as i (session_id, provider, instance_external_id, started_at, ended_at)
    values (${sessionId}, ${fact.provider}, ${fact.instanceId}, ${startedAt}, ${endedAt})
    on conflict (session_id, provider, instance_external_id) do update set
      started_at = least(i.started_at, excluded.started_at),
      ended_at = case when ${fact.isSnapshot ?? false} then excluded.ended_at else greatest(i.ended_at, excluded.ended_at) end
  `;
}

/** The session's meeting_started_at / meeting_ended_at: a display summary of its instances (ended only when none runs). */
async function refreshMeetingSummary(tx: ISql, sessionId: string): Promise<void> {
  await tx`
    update public.sessions s set
      meeting_started_at = agg.first_started_at,
      meeting_ended_at = case when agg.is_any_running then null else agg.last_ended_at end
    from (
      select min(started_at) as first_started_at, max(ended_at) as last_ended_at, bool_or(ended_at is null) as is_any_running
      from public.session_meeting_instances where session_id = ${sessionId}
    ) agg
    where s.id = ${sessionId}
  `;
}
