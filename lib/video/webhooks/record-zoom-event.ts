import "server-only";
import type { Sql, TransactionSql } from "postgres";
import { log } from "@/lib/log";
import { recordAttendance, recordSessionEvent, type TAttendanceFact } from "@/lib/sessions";
import { zoomEventTime, zoomProviderEventId, type TZoomMeetingEvent } from "./zoom-event";

export type TZoomEventOutcome = "recorded" | "duplicate" | "unknown_meeting";

type TMatchedSession = { id: string; student_id: string; tutor_id: string };

/**
 * Turns one verified Zoom meeting event into a session_events row and the session's
 * attendance (through recordAttendance: the run identified by Zoom's meeting uuid, the
 * first student/tutor join), so the early-end rule and the no-show guards work on real data.
 * Idempotent by provider event id; events of unknown meetings are kept (without a session)
 * and their personal data is purged after 30 days (lib/jobs/purge-unmatched-provider-events.ts).
 */
export async function recordZoomEvent(options: { db: Sql; event: TZoomMeetingEvent }): Promise<TZoomEventOutcome> {
  const { db, event } = options;
  const at = zoomEventTime(event);
  return db.begin(async (tx) => {
    const session = await matchSession(tx, event);
    const role = session ? await participantRole(tx, session, event) : null;
    const isNew = await recordSessionEvent(tx, {
      sessionId: session?.id ?? null,
      type: `zoom.${event.event}`,
      actor: { role: "provider" },
      payload: eventPayload(event, role),
      providerEventId: zoomProviderEventId(event),
      at,
    });
    if (!isNew) return "duplicate" as const;
    if (!session) {
      log.warn("zoom_webhook_unknown_meeting", { meetingId: event.payload.object.id, event: event.event });
      return "unknown_meeting" as const;
    }
    await recordAttendance(tx, { sessionId: session.id, facts: attendanceFacts(event, at, role) });
    return "recorded" as const;
  }) as Promise<TZoomEventOutcome>;
}

/**
 * A Zoom meeting id is unique within its Zoom account: the link must name it and the
 * session's tutor must have connected that account. Connections made before the account
 * id was stored (provider_tenant_id null) still match on the meeting id alone.
 */
async function matchSession(tx: TransactionSql, event: TZoomMeetingEvent): Promise<TMatchedSession | null> {
  const accountId = event.payload.account_id ?? null;
  const [session] = await tx<TMatchedSession[]>`
    select s.id, s.student_id, s.tutor_id
    from public.session_meeting_links l join public.sessions s on s.id = l.session_id
    where l.provider = 'zoom' and l.meeting_external_id = ${event.payload.object.id}
      and exists (
        select 1 from public.tutor_video_provider_connections c
        where c.tutor_id = s.tutor_id and c.provider = 'zoom'
          and (c.provider_tenant_id = ${accountId} or c.provider_tenant_id is null)
      )
  `;
  return session ?? null;
}

function attendanceFacts(event: TZoomMeetingEvent, at: Date, role: "student" | "tutor" | null): TAttendanceFact[] {
  const instanceId = event.payload.object.uuid;
  switch (event.event) {
    case "meeting.started":
      return [{ kind: "instance", provider: "zoom", instanceId, startedAt: at }];
    case "meeting.ended":
      return [{ kind: "instance", provider: "zoom", instanceId, endedAt: at }];
    case "meeting.participant_joined":
      return role ? [{ kind: "joined", role, at }] : [];
    case "meeting.participant_left":
      return [];
  }
}

/** The participant is the session's student or tutor when Zoom's email is their account email. */
async function participantRole(
  tx: TransactionSql,
  session: TMatchedSession,
  event: TZoomMeetingEvent,
): Promise<"student" | "tutor" | null> {
  const email = event.payload.object.participant?.email?.trim();
  if (!email) return null;
  const [match] = await tx<{ id: string }[]>`
    select id from auth.users
    where id in (${session.student_id}, ${session.tutor_id}) and lower(email) = lower(${email})
  `;
  if (!match) return null;
  return match.id === session.student_id ? "student" : "tutor";
}

/** What the audit trail keeps: times, ids and the matched role; never emails. */
function eventPayload(event: TZoomMeetingEvent, role: "student" | "tutor" | null) {
  const object = event.payload.object;
  return {
    account_id: event.payload.account_id ?? null,
    meeting_id: object.id,
    meeting_uuid: object.uuid,
    start_time: object.start_time ?? null,
    end_time: object.end_time ?? null,
    participant: object.participant
      ? {
          role,
          name: object.participant.user_name ?? null,
          join_time: object.participant.join_time ?? null,
          leave_time: object.participant.leave_time ?? null,
        }
      : null,
  };
}
