import "server-only";
import type { Sql } from "postgres";
import {
  MEETING_DELETE_MAX_ATTEMPTS,
  nextMeetingDeleteAttemptAt,
  tryDeleteMeeting,
  type TMeetingToDelete,
} from "@/lib/bookings/cancel-meeting";
import { asService } from "@/lib/db";
import { log } from "@/lib/log";
import { recordSessionEvent } from "@/lib/sessions";
import type { TVideoProviderName } from "@/lib/video/types";

export type TMeetingRetryResult = { deleted: number; retrying: number; gaveUp: number };

const BATCH_LIMIT = 20;

/**
 * The cron step that retries provider deletes a cancellation could not do (README "Cancellation
 * policy"). Each due row is claimed by pushing its next attempt forward under SKIP LOCKED, so two
 * overlapping runs never call the provider twice for one meeting; the provider call runs with no
 * transaction open. Success completes the row and audits it; a failure backs off, and after
 * MEETING_DELETE_MAX_ATTEMPTS the row gives up (logged; the cancelled session never shows the link).
 */
export async function retryMeetingDeletions(options: { db: Sql; now: Date; limit?: number }): Promise<TMeetingRetryResult> {
  const { db, now } = options;
  const claimed = await db<
    { session_id: string; tutor_id: string; provider: TVideoProviderName; meeting_external_id: string; attempts: number }[]
  >`
    with due as (
      select c.session_id from public.session_meeting_cleanups c
      where c.completed_at is null and c.gave_up_at is null and c.next_attempt_at <= ${now}
      order by c.next_attempt_at
      limit ${options.limit ?? BATCH_LIMIT}
      for update skip locked
    )
    update public.session_meeting_cleanups c
    set attempts = c.attempts + 1, next_attempt_at = ${nextMeetingDeleteAttemptAt(MEETING_DELETE_MAX_ATTEMPTS, now)}
    from due, public.sessions s
    where c.session_id = due.session_id and s.id = c.session_id
    returning c.session_id, s.tutor_id, c.provider, c.meeting_external_id, c.attempts
  `;
  const result: TMeetingRetryResult = { deleted: 0, retrying: 0, gaveUp: 0 };
  for (const row of claimed) {
    const meeting: TMeetingToDelete = {
      sessionId: row.session_id,
      tutorId: row.tutor_id,
      provider: row.provider,
      meetingExternalId: row.meeting_external_id,
    };
    const error = await tryDeleteMeeting(db, meeting, now);
    result[await settle(db, { meeting, attempts: row.attempts, error, now })] += 1;
  }
  return result;
}

async function settle(
  db: Sql,
  input: { meeting: TMeetingToDelete; attempts: number; error: string | null; now: Date },
): Promise<keyof TMeetingRetryResult> {
  const { meeting, attempts, error, now } = input;
  if (!error) {
    await asService(db, async (tx) => {
      await tx`update public.session_meeting_cleanups set completed_at = ${now} where session_id = ${meeting.sessionId}`;
      await recordSessionEvent(tx, {
        sessionId: meeting.sessionId,
        type: "session.meeting_deleted",
        actor: { role: "system" },
        payload: { provider: meeting.provider, attempts },
        at: now,
      });
    });
    return "deleted";
  }
  const isGivingUp = attempts >= MEETING_DELETE_MAX_ATTEMPTS;
  await db`
    update public.session_meeting_cleanups
    set last_error = ${error.slice(0, 1000)},
        next_attempt_at = ${nextMeetingDeleteAttemptAt(attempts, now)},
        gave_up_at = ${isGivingUp ? now : null}
    where session_id = ${meeting.sessionId}
  `;
  if (isGivingUp) log.error("meeting_delete_gave_up", { sessionId: meeting.sessionId, provider: meeting.provider, attempts, error });
  return isGivingUp ? "gaveUp" : "retrying";
}
