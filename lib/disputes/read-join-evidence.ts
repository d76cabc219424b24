import "server-only";
import type { ISql } from "postgres";
import type { TJoinEvidence } from "./evidence";

/**
 * The join evidence of lessons (evidence.ts), read as the service (session_events' payloads and
 * the attendance columns are not the browser's): attendance recorded on the session while it was
 * scheduled (app joins, provider participants), plus provider events naming the tutor that
 * arrived after it was settled (the audit trail keeps them).
 */
export async function readJoinEvidence(tx: ISql, sessionIds: readonly string[]): Promise<Map<string, TJoinEvidence>> {
  if (sessionIds.length === 0) return new Map();
  const rows = await tx<{ id: string; student_joined_at: Date | null; tutor_joined_at: Date | null; is_tutor_seen: boolean }[]>`
    select s.id, s.student_joined_at, s.tutor_joined_at,
      exists (
        select 1 from public.session_events e
        where e.session_id = s.id
          and ((e.type = 'zoom.meeting.participant_joined' and e.payload -> 'participant' ->> 'role' = 'tutor')
               or (e.type = 'google_meet.attendance_synced' and e.payload -> 'joins' @> '[{"role": "tutor"}]'::jsonb)
               or (e.type = 'session.joined' and e.actor_id = s.tutor_id))
      ) as is_tutor_seen
    from public.sessions s where s.id = any(${[...sessionIds]}::uuid[])`;
  return new Map(
    rows.map((row) => [
      row.id,
      { studentJoinedAt: row.student_joined_at, tutorJoinedAt: row.tutor_joined_at, isTutorSeenByProvider: row.is_tutor_seen },
    ]),
  );
}
