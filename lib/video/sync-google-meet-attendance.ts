import "server-only";
import type { Sql } from "postgres";
import { serverEnv } from "@/lib/env/server-env";
import { log } from "@/lib/log";
import { createConnectionTokenSource } from "./connections/connection-token-source";
import { isVideoProviderEnabled } from "./enabled-providers";
import { oauthAdapterFor } from "./oauth/oauth-adapter-for";
import { meetingCodeFromLink, readMeetAttendance, type TMeetAttendance } from "./providers/google-meet-attendance";

type TDueGoogleSession = { id: string; tutor_id: string; join_url: string; connection_id: string; host_user_id: string | null };

/**
 * Google sends no webhooks for Meet, so before the charge job takes Google-hosted sessions
 * (at their scheduled end) this reads their conference records once and fills the same
 * columns the Zoom webhook fills: meeting start/end and first tutor/student attendance.
 * Run it in the charge tick, just before processDueCharges. One failure never blocks the rest.
 */
export async function syncGoogleMeetAttendance(options: { db: Sql; now: Date; limit?: number }): Promise<{ synced: number; failed: number }> {
  const { db, now } = options;
  const env = serverEnv();
  if (!isVideoProviderEnabled(env, "google_meet")) return { synced: 0, failed: 0 };
  const due = await db<TDueGoogleSession[]>`
    select s.id, s.tutor_id, l.join_url, c.id as connection_id, c.provider_account_id as host_user_id
    from public.sessions s
    join public.session_meeting_links l on l.session_id = s.id and l.provider = 'google_meet'
    join public.tutor_video_provider_connections c on c.tutor_id = s.tutor_id and c.status = 'connected' and c.provider = 'google_meet'
    where s.status = 'SCHEDULED' and s.charge_scheduled_at <= ${now}
      and not exists (select 1 from public.session_events e where e.session_id = s.id and e.type = 'google_meet.attendance_synced')
    order by s.charge_scheduled_at
    limit ${options.limit ?? 50}
  `;
  let synced = 0;
  let failed = 0;
  for (const session of due) {
    const meetingCode = meetingCodeFromLink(session.join_url);
    if (!meetingCode) continue;
    try {
      const tokens = createConnectionTokenSource({ db, connectionId: session.connection_id, adapter: oauthAdapterFor(env, "google_meet"), now });
      const attendance = await readMeetAttendance({ config: env, tokens, meetingCode, hostUserId: session.host_user_id });
      await recordAttendance(db, session.id, attendance, now);
      synced += 1;
    } catch (error) {
      failed += 1;
      log.warn("google_meet_attendance_failed", { sessionId: session.id, error });
    }
  }
  return { synced, failed };
}

async function recordAttendance(db: Sql, sessionId: string, attendance: TMeetAttendance, now: Date): Promise<void> {
  await db.begin(async (tx) => {
    await tx`
      update public.sessions
      set meeting_started_at = least(meeting_started_at, ${attendance.startedAt}),
          meeting_ended_at = coalesce(${attendance.endedAt}, meeting_ended_at),
          tutor_joined_at = least(tutor_joined_at, ${attendance.hostJoinedAt}),
          student_joined_at = least(student_joined_at, ${attendance.guestJoinedAt})
      where id = ${sessionId} and status = 'SCHEDULED'
    `;
    await tx`
      insert into public.session_events (session_id, type, actor_role, payload, provider_event_id, at)
      values (${sessionId}, 'google_meet.attendance_synced', 'provider', ${tx.json({
        conferences: attendance.conferenceCount,
        started_at: attendance.startedAt?.toISOString() ?? null,
        ended_at: attendance.endedAt?.toISOString() ?? null,
        tutor_joined_at: attendance.hostJoinedAt?.toISOString() ?? null,
        guest_joined_at: attendance.guestJoinedAt?.toISOString() ?? null,
      })}, ${`google_meet:attendance:${sessionId}`}, ${now})
      on conflict (provider_event_id) where provider_event_id is not null do nothing
    `;
  });
}
