import "server-only";
import type { ISql } from "postgres";
import { enqueueNotification } from "./enqueue-notification";
import { readLessonFacts } from "./read-lesson-facts";

const MINUTE_MS = 60_000;

/** The reminders before each lesson (README "Notifications"), earliest last. */
export const REMINDER_OFFSETS = [
  { kind: "reminder_24h", minutesBefore: 24 * 60 },
  { kind: "reminder_15m", minutesBefore: 15 },
] as const;

/**
 * Queues both reminders for both sides (student, approved parents, tutor) of a SCHEDULED
 * session at its current start, in the caller's transaction. Call it when a session is
 * created and again after it moves (reschedule): each reminder carries the start it was
 * written for, and the delivery job skips any whose session is no longer SCHEDULED or
 * starts at another time, so the old ones are never sent. A reminder already due is not
 * queued (a lesson booked 3 hours ahead gets no 24-hour reminder).
 */
export async function enqueueSessionReminders(tx: ISql, input: { sessionId: string; now: Date }): Promise<number> {
  const [session] = await tx<{ booking_id: string; scheduled_start_at: Date; status: string }[]>`
    select booking_id, scheduled_start_at, status from public.sessions where id = ${input.sessionId}
  `;
  if (!session || session.status !== "SCHEDULED") return 0;
  const lesson = await readLessonFacts(tx, { bookingId: session.booking_id });
  const recipients = [lesson.studentId, ...lesson.parentIds, lesson.tutorId];
  const expectedStartAt = session.scheduled_start_at.toISOString();
  let queued = 0;
  for (const { kind, minutesBefore } of REMINDER_OFFSETS) {
    const sendAt = new Date(session.scheduled_start_at.getTime() - minutesBefore * MINUTE_MS);
    if (sendAt <= input.now) continue;
    for (const recipientId of recipients) {
      const data = { ...lesson.facts, session_id: input.sessionId, expected_start_at: expectedStartAt };
      const result = await enqueueNotification(tx, { recipientId, kind, subjectType: "session", subjectId: input.sessionId, sendAt, data });
      if (result.isEmailQueued) queued += 1;
    }
  }
  return queued;
}
