import "server-only";
import type { ISql } from "postgres";
import { enqueueNotification } from "@/lib/notifications/enqueue-notification";
import type { TLessonFacts, TNotificationDataMap } from "@/lib/notifications/notification-data";

/** The notices about a payer's own money for a lesson (lib/notifications/templates/money-templates.ts). */
export type TPayerMoneyKind = "charge_receipt" | "refund_sent" | "refund_failed" | "payment_due" | "refund_due";

/** Tells the payer (whoever booked) about their money for the lesson, in the caller's transaction. */
export async function notifyPayer<K extends TPayerMoneyKind>(
  tx: ISql,
  attempt: { session_id: string; party_id: string; amount_cents: string; currency: string },
  kind: K,
  extra: Omit<TNotificationDataMap[K], keyof TLessonFacts | "session_id" | "amount_cents" | "currency">,
): Promise<void> {
  const [lesson] = await tx<{ facts: TLessonFacts | null }[]>`select public.notification_lesson_facts(${attempt.session_id}) as facts`;
  if (!lesson?.facts) return;
  const data = {
    ...lesson.facts,
    session_id: attempt.session_id,
    amount_cents: Number(attempt.amount_cents),
    currency: attempt.currency,
    ...extra,
  } as TNotificationDataMap[K];
  await enqueueNotification(tx, { recipientId: attempt.party_id, kind, subjectType: "session", subjectId: attempt.session_id, data });
}
