import "server-only";
import type { Sql } from "postgres";
import { asService } from "@/lib/db";
import { log } from "@/lib/log";
import { getTutorVideoProvider } from "@/lib/video/get-tutor-video-provider";

const BATCH_SIZE = 20;
const MAX_BACKOFF_MINUTES = 60;
const MINUTE_MS = 60_000;

type TQueued = {
  session_id: string;
  tutor_id: string;
  scheduled_start_at: Date;
  duration_minutes: number;
  meeting_external_id: string;
  subject_name: string;
  timezone: string;
  attempts: number;
};

/**
 * Moves the provider meeting of each rescheduled session to its new time (queued in
 * session_meeting_update_retries by acceptReschedule), outside any transaction. A success updates the private
 * link (the join route serves whatever is current) and clears the entry; a failure backs off (1, 2, 4 … 60
 * minutes) for the next cron tick. `sessionId` runs just that one (right after an accept).
 */
export async function updateRescheduledMeetings(options: { db: Sql; now: Date; sessionId?: string }): Promise<{
  updated: number;
  failed: number;
}> {
  const { db, now } = options;
  const due = await db<TQueued[]>`
    select q.session_id, s.tutor_id, s.scheduled_start_at, s.duration_minutes, l.meeting_external_id,
           coalesce(sub.name, 'lesson') as subject_name, p.timezone, q.attempts
    from public.session_meeting_update_retries q
    join public.sessions s on s.id = q.session_id
    join public.session_meeting_links l on l.session_id = q.session_id
    left join public.subjects sub on sub.id = s.subject_id
    join public.profiles p on p.id = s.tutor_id
    where q.next_attempt_at <= ${now} and s.status = 'SCHEDULED'
      and (${options.sessionId ?? null}::uuid is null or q.session_id = ${options.sessionId ?? null})
    order by q.next_attempt_at
    limit ${BATCH_SIZE}`;
  let updated = 0;
  let failed = 0;
  for (const row of due) {
    if (await updateOne(db, row, now)) updated += 1;
    else failed += 1;
  }
  // A session that is no longer SCHEDULED (cancelled, charged) has no meeting to move.
  await db`
    delete from public.session_meeting_update_retries q using public.sessions s
    where s.id = q.session_id and s.status <> 'SCHEDULED'`;
  return { updated, failed };
}

async function updateOne(db: Sql, row: TQueued, now: Date): Promise<boolean> {
  try {
    const { provider } = await getTutorVideoProvider({ db, tutorId: row.tutor_id, now });
    const meeting = await provider.updateMeeting(row.meeting_external_id, {
      sessionKey: row.session_id,
      topic: `Tutoring: ${row.subject_name}`,
      startAt: row.scheduled_start_at,
      durationMinutes: row.duration_minutes,
      timezone: row.timezone,
    });
    await asService(db, async (tx) => {
      await tx`
        update public.session_meeting_links
        set meeting_external_id = ${meeting.meetingExternalId}, join_url = ${meeting.joinUrl}
        where session_id = ${row.session_id}`;
      // Only the time this attempt moved the meeting to: a newer reschedule re-queues it.
      await tx`
        delete from public.session_meeting_update_retries q using public.sessions s
        where q.session_id = ${row.session_id} and s.id = q.session_id and s.scheduled_start_at = ${row.scheduled_start_at}`;
    });
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const backoffMinutes = Math.min(MAX_BACKOFF_MINUTES, 2 ** row.attempts);
    log.warn("meeting_update_failed", { sessionId: row.session_id, attempts: row.attempts + 1, error: reason });
    await db`
      update public.session_meeting_update_retries
      set attempts = attempts + 1, last_error = ${reason.slice(0, 500)},
          next_attempt_at = ${new Date(now.getTime() + backoffMinutes * MINUTE_MS)}
      where session_id = ${row.session_id}`;
    return false;
  }
}
