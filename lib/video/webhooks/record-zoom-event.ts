import "server-only";
import type { Sql, TransactionSql } from "postgres";
import { log } from "@/lib/log";
import { zoomEventTime, zoomProviderEventId, type TZoomMeetingEvent } from "./zoom-event";

export type TZoomEventOutcome = "recorded" | "duplicate" | "unknown_meeting";

type TSessionRow = { id: string; status: string; student_id: string; tutor_id: string };

/**
 * Turns one verified Zoom meeting event into a session_events row and the session's meeting
 * columns (started/ended, first student/tutor join), so the early-end rule and the no-show
 * guard work on real data. Idempotent by provider event id; unknown meetings are logged.
 */
export async function recordZoomEvent(options: { db: Sql; event: TZoomMeetingEvent }): Promise<TZoomEventOutcome> {
  const { db, event } = options;
  const at = zoomEventTime(event);
  const meetingId = event.payload.object.id;
  return db.begin(async (tx) => {
    const [session] = await tx<TSessionRow[]>`
      select s.id, s.status, s.student_id, s.tutor_id
      from public.session_meeting_links l join public.sessions s on s.id = l.session_id
      where l.provider = 'zoom' and l.meeting_external_id = ${meetingId}
      for update of s
    `;
    const role = session ? await participantRole(tx, session, event) : null;
    const inserted = await tx`
      insert into public.session_events (session_id, type, actor_role, payload, provider_event_id, at)
      values (${session?.id ?? null}, ${`zoom.${event.event}`}, 'provider',
              ${tx.json(eventPayload(event, role))}, ${zoomProviderEventId(event)}, ${at})
      on conflict (provider_event_id) where provider_event_id is not null do nothing
      returning id
    `;
    if (inserted.length === 0) return "duplicate" as const;
    if (!session) {
      log.warn("zoom_webhook_unknown_meeting", { meetingId, event: event.event });
      return "unknown_meeting" as const;
    }
    // Charged or cancelled sessions keep their evidence as it was when they were settled.
    if (session.status === "SCHEDULED") await applyToSession(tx, session.id, event.event, at, role);
    return "recorded" as const;
  }) as Promise<TZoomEventOutcome>;
}

async function applyToSession(
  tx: TransactionSql,
  sessionId: string,
  name: TZoomMeetingEvent["event"],
  at: Date,
  role: "student" | "tutor" | null,
): Promise<void> {
  switch (name) {
    case "meeting.started":
      // A restart after an end means the meeting is live again: its earlier end no longer counts.
      await tx`
        update public.sessions
        set meeting_started_at = least(meeting_started_at, ${at}),
            meeting_ended_at = case when meeting_ended_at <= ${at} then null else meeting_ended_at end
        where id = ${sessionId}
      `;
      return;
    case "meeting.ended":
      await tx`update public.sessions set meeting_ended_at = greatest(meeting_ended_at, ${at}) where id = ${sessionId}`;
      return;
    case "meeting.participant_joined":
      if (role === "student") await tx`update public.sessions set student_joined_at = least(student_joined_at, ${at}) where id = ${sessionId}`;
      if (role === "tutor") await tx`update public.sessions set tutor_joined_at = least(tutor_joined_at, ${at}) where id = ${sessionId}`;
      return;
    case "meeting.participant_left":
      return;
  }
}

/** The participant is the session's student or tutor when Zoom's email is their account email. */
async function participantRole(tx: TransactionSql, session: TSessionRow, event: TZoomMeetingEvent): Promise<"student" | "tutor" | null> {
  const email = event.payload.object.participant?.email?.trim();
  if (!email) return null;
  const [match] = await tx<{ id: string }[]>`
    select id from auth.users
    where id in (${session.student_id}, ${session.tutor_id}) and lower(email) = lower(${email})
  `;
  if (!match) return null;
  return match.id === session.student_id ? "student" : "tutor";
}

/** What the audit trail keeps: times, ids and the matched role; never strangers' emails. */
function eventPayload(event: TZoomMeetingEvent, role: "student" | "tutor" | null) {
  const object = event.payload.object;
  return {
    meeting_id: object.id,
    meeting_uuid: object.uuid,
    start_time: object.start_time ?? null,
    end_time: object.end_time ?? null,
    participant: object.participant
      ? { role, name: object.participant.user_name ?? null, join_time: object.participant.join_time ?? null, leave_time: object.participant.leave_time ?? null }
      : null,
  };
}
