import "server-only";
import type { Tx } from "@/lib/db";
import { enqueueLessonNotice, type TLessonAudience } from "@/lib/notifications/enqueue-lesson-notice";
import { enqueueNotification } from "@/lib/notifications/enqueue-notification";
import { readLessonFacts } from "@/lib/notifications/read-lesson-facts";
import { DISPUTE_OUTCOME_LABELS, type TDisputeOutcome } from "./dispute-rules";

type TDisputeNotice =
  | { kind: "dispute_opened" | "dispute_answered"; audience: TLessonAudience }
  | { kind: "dispute_resolved"; audience: TLessonAudience; outcome: TDisputeOutcome };

/** A dispute's notification to a lesson audience, in the caller's transaction (subject: the dispute). */
export async function notifyDispute(
  tx: Tx,
  input: { bookingId: string; sessionId: string; disputeId: string; exceptUserId?: string } & TDisputeNotice,
): Promise<void> {
  const ref = { session_id: input.sessionId, dispute_id: input.disputeId };
  const subject = { type: "dispute" as const, id: input.disputeId };
  const common = { bookingId: input.bookingId, audience: input.audience, subject, exceptUserId: input.exceptUserId };
  if (input.kind === "dispute_resolved") {
    await enqueueLessonNotice(tx, {
      ...common,
      kind: "dispute_resolved",
      extra: { ...ref, outcome: DISPUTE_OUTCOME_LABELS[input.outcome] },
    });
  } else {
    await enqueueLessonNotice(tx, { ...common, kind: input.kind, extra: ref });
  }
}

/**
 * Every admin hears that a dispute waits for them (the tutor answered): a platform has a handful, and any
 * of them may decide it. (A cap on the oldest accounts would leave a newly added admin out.)
 */
export async function notifyAdmins(tx: Tx, input: { bookingId: string; sessionId: string; disputeId: string }): Promise<void> {
  const admins = await tx<{ id: string }[]>`select id from public.profiles where role = 'admin' order by created_at`;
  if (admins.length === 0) return;
  const lesson = await readLessonFacts(tx, { bookingId: input.bookingId });
  for (const admin of admins) {
    await enqueueNotification(tx, {
      recipientId: admin.id,
      kind: "dispute_answered",
      subjectType: "dispute",
      subjectId: input.disputeId,
      data: { ...lesson.facts, session_id: input.sessionId, dispute_id: input.disputeId },
    });
  }
}
