import "server-only";
import type { ISql } from "postgres";
import { enqueueLessonNotice } from "./enqueue-lesson-notice";

/**
 * "Your tutor / student has joined" (in-app only) to the other side, from the attendance
 * writer (lib/sessions/record-attendance.ts) when it records a first join. Keyed on the
 * session's start, so a lesson tells each person at most once per side.
 */
export async function enqueueJoinNotice(tx: ISql, input: { sessionId: string; role: "student" | "tutor" }): Promise<void> {
  const [session] = await tx<{ booking_id: string; scheduled_start_at: Date }[]>`
    select booking_id, scheduled_start_at from public.sessions where id = ${input.sessionId}
  `;
  if (!session) return;
  await enqueueLessonNotice(tx, {
    bookingId: session.booking_id,
    kind: "session_joined",
    audience: input.role === "tutor" ? "student" : "tutor",
    extra: { session_id: input.sessionId, joined_role: input.role },
    subject: { type: "session", id: input.sessionId },
    sendAt: session.scheduled_start_at,
  });
}
