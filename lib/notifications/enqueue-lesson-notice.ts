import "server-only";
import type { ISql } from "postgres";
import type { TNotificationKind, TNotificationSubjectType } from "./kinds";
import { enqueueNotification } from "./enqueue-notification";
import type { TLessonFacts, TNotificationDataMap } from "./notification-data";
import { readLessonFacts } from "./read-lesson-facts";

/** Who hears of a lesson's change: the student's side (student + approved parents), the student alone, the tutor, or all. */
export type TLessonAudience = "student_side" | "student" | "tutor" | "everyone";

/**
 * A lesson notification to its audience, in the caller's transaction: the lesson facts are
 * read here (after the caller's change); `extra` adds what the kind needs beyond them.
 * `exceptUserId` leaves out whoever made the change (a cancelling student is not told they
 * cancelled). The subject is the booking unless `subject` names the session or a dispute.
 * Returns how many recipients it was queued for.
 */
export async function enqueueLessonNotice<K extends TNotificationKind>(
  tx: ISql,
  input: {
    bookingId: string;
    kind: K;
    audience: TLessonAudience;
    extra: Omit<TNotificationDataMap[K], keyof TLessonFacts>;
    subject?: { type: TNotificationSubjectType; id: string };
    sendAt?: Date;
    exceptUserId?: string;
  },
): Promise<number> {
  const lesson = await readLessonFacts(tx, { bookingId: input.bookingId });
  const recipients = {
    student: [lesson.studentId],
    student_side: [lesson.studentId, ...lesson.parentIds],
    tutor: [lesson.tutorId],
    everyone: [lesson.studentId, ...lesson.parentIds, lesson.tutorId],
  }[input.audience].filter((id) => id !== input.exceptUserId);
  const data = { ...lesson.facts, ...input.extra } as TNotificationDataMap[K];
  const subject = input.subject ?? { type: "booking" as const, id: input.bookingId };
  for (const recipientId of recipients) {
    await enqueueNotification(tx, {
      recipientId,
      kind: input.kind,
      subjectType: subject.type,
      subjectId: subject.id,
      sendAt: input.sendAt,
      data,
    });
  }
  return recipients.length;
}
