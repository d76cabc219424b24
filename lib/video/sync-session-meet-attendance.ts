import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TServerEnv } from "@/lib/env/server-env";
import { recordAttendance, recordSessionEvent, type TAttendanceFact } from "@/lib/sessions";
import { createConnectionTokenSource } from "./connections/connection-token-source";
import { oauthAdapterFor } from "./oauth/oauth-adapter-for";
import { meetingCodeFromLink, readMeetAttendance, type TMeetAttendance, type TMeetCallLimits } from "./providers/google-meet-attendance";

type TMeetSession = { join_url: string; connection_id: string | null; host_user_id: string | null };

/**
 * Reads one Google Meet session's conference records (Google sends no Meet webhooks) and
 * records them through recordAttendance: each conference is an instance, each participant's
 * first join a join. The provider calls run with no transaction open; the write is one
 * short transaction afterwards. Throws AppError when the attendance cannot be read.
 */
export async function syncSessionMeetAttendance(options: {
  db: Sql;
  env: TServerEnv;
  sessionId: string;
  now: Date;
  limits: TMeetCallLimits;
}): Promise<void> {
  const { db, env, sessionId, now, limits } = options;
  const [session] = await db<TMeetSession[]>`
    select l.join_url, c.id as connection_id, c.provider_account_id as host_user_id
    from public.sessions s
    join public.session_meeting_links l on l.session_id = s.id and l.provider = 'google_meet'
    left join public.tutor_video_provider_connections c on c.tutor_id = s.tutor_id and c.status = 'connected' and c.provider = 'google_meet'
    where s.id = ${sessionId}
  `;
  const meetingCode = session ? meetingCodeFromLink(session.join_url) : null;
  if (!session || !meetingCode) throw new AppError("not_found", "This session has no Google Meet link to read attendance from.");
  if (!session.connection_id) throw new AppError("provider_not_connected", "The tutor's Google Meet connection is not working.");
  const tokens = createConnectionTokenSource({
    db,
    connectionId: session.connection_id,
    adapter: oauthAdapterFor(env, "google_meet"),
    now,
  });
  const attendance = await readMeetAttendance({ config: env, tokens, meetingCode, hostUserId: session.host_user_id, limits });
  await db.begin(async (tx) => {
    await recordAttendance(tx, { sessionId, facts: attendanceFacts(attendance) });
    await recordSessionEvent(tx, {
      sessionId,
      type: "google_meet.attendance_synced",
      actor: { role: "provider" },
      payload: {
        conferences: attendance.conferences.map((conference) => ({
          name: conference.name,
          started_at: conference.startedAt?.toISOString() ?? null,
          ended_at: conference.endedAt?.toISOString() ?? null,
        })),
        joins: attendance.joins.map((join) => ({ role: join.role, at: join.at.toISOString() })),
      },
      providerEventId: `google_meet:attendance:${sessionId}`,
      at: now,
    });
    await tx`update public.session_attendance_syncs set synced_at = ${now}, last_error = null where session_id = ${sessionId}`;
  });
}

function attendanceFacts(attendance: TMeetAttendance): TAttendanceFact[] {
  const instances = attendance.conferences.map((conference): TAttendanceFact => ({
    kind: "instance",
    provider: "google_meet",
    instanceId: conference.name,
    startedAt: conference.startedAt,
    endedAt: conference.endedAt,
    isSnapshot: true,
  }));
  const joins = attendance.joins.map((join): TAttendanceFact => ({ kind: "joined", role: join.role, at: join.at }));
  return [...instances, ...joins];
}
