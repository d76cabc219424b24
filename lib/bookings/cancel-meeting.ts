import "server-only";
import type { Sql } from "postgres";
import { getTutorVideoProvider } from "@/lib/video/get-tutor-video-provider";
import type { TVideoProviderName } from "@/lib/video/types";

/** Retry backoff for a failed provider delete: 2, 4, 8 … minutes, at most 6 hours apart; give up after 10 attempts. */
export const MEETING_DELETE_BASE_DELAY_MINUTES = 2;
export const MEETING_DELETE_MAX_DELAY_MINUTES = 6 * 60;
export const MEETING_DELETE_MAX_ATTEMPTS = 10;
const MINUTE_MS = 60_000;

export type TMeetingToDelete = { sessionId: string; tutorId: string; provider: TVideoProviderName; meetingExternalId: string };

export function nextMeetingDeleteAttemptAt(attempts: number, now: Date): Date {
  const minutes = Math.min(MEETING_DELETE_BASE_DELAY_MINUTES * 2 ** (attempts - 1), MEETING_DELETE_MAX_DELAY_MINUTES);
  return new Date(now.getTime() + minutes * MINUTE_MS);
}

/**
 * Deletes a cancelled session's provider meeting, outside any transaction. Never throws:
 * the cancellation has already committed, so a failure only queues a retry (session_meeting_cleanups).
 */
export async function deleteMeetingOrQueue(db: Sql, meeting: TMeetingToDelete, now: Date): Promise<"deleted" | "queued"> {
  const error = await tryDeleteMeeting(db, meeting, now);
  if (!error) return "deleted";
  await db`
    insert into public.session_meeting_cleanups (session_id, provider, meeting_external_id, attempts, next_attempt_at, last_error)
    values (${meeting.sessionId}, ${meeting.provider}, ${meeting.meetingExternalId}, 1, ${nextMeetingDeleteAttemptAt(1, now)},
            ${error.slice(0, 1000)})
    on conflict (session_id) do nothing
  `;
  return "queued";
}

/** One delete through the tutor's provider; the error message when it failed, null when done. */
export async function tryDeleteMeeting(db: Sql, meeting: TMeetingToDelete, now: Date): Promise<string | null> {
  try {
    const { provider } = await getTutorVideoProvider({ db, tutorId: meeting.tutorId, now });
    if (provider.name !== meeting.provider) {
      return `The tutor's video connection is now ${provider.name}; the ${meeting.provider} meeting can't be reached.`;
    }
    await provider.deleteMeeting(meeting.meetingExternalId);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
