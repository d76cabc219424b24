import "server-only";
import type { ISql } from "postgres";
import type { TRole } from "@/lib/auth/roles";
import { NOTIFICATION_KINDS, isCategoryLocked, type TNotificationKind, type TNotificationSubjectType } from "./kinds";
import type { TNotificationDataMap } from "./notification-data";
import { recipientTimeZone, renderInApp } from "./templates";

export type TEnqueueNotification<K extends TNotificationKind> = {
  recipientId: string;
  kind: K;
  subjectType: TNotificationSubjectType;
  subjectId: string;
  /** When to send (a reminder); default: now, the caller's transaction time. */
  sendAt?: Date;
  data: TNotificationDataMap[K];
};

export type TEnqueued = { isInAppWritten: boolean; isEmailQueued: boolean };

/**
 * Writes a notification in the CALLER's transaction (README "Notifications"): the in-app row
 * (if the kind has one) and the email outbox row (unless the recipient turned the category
 * off; payments can't be), so it commits with the change that causes it and never outlives a
 * rollback. Idempotent: the dedupe key (recipient, kind, subject, send time) makes a second
 * call with the same values a no-op. Nothing is sent here: the cron tick delivers the outbox.
 */
export async function enqueueNotification<K extends TNotificationKind>(tx: ISql, input: TEnqueueNotification<K>): Promise<TEnqueued> {
  const spec = NOTIFICATION_KINDS[input.kind];
  const [recipient] = await tx<{ role: TRole; timezone: string | null; full_name: string; is_email_off: boolean }[]>`
    select p.role, p.timezone, p.full_name,
           exists (select 1 from public.notification_preferences np
                   where np.user_id = p.id and np.category = ${spec.category} and not np.email_enabled) as is_email_off
    from public.profiles p where p.id = ${input.recipientId}
  `;
  if (!recipient) throw new Error(`enqueueNotification: no profile ${input.recipientId}`);
  const sendAt = input.sendAt ?? null;
  let isInAppWritten = false;
  if (spec.inApp) {
    const context = { role: recipient.role, timeZone: recipientTimeZone(recipient.timezone), recipientName: recipient.full_name };
    const inApp = renderInApp(input.kind, input.data, context);
    const written = await tx`
      insert into public.notifications (recipient_id, kind, subject_type, subject_id, send_at, title, body, link)
      values (${input.recipientId}, ${input.kind}, ${input.subjectType}, ${input.subjectId}, coalesce(${sendAt}::timestamptz, now()),
              ${inApp.title}, ${inApp.body}, ${inApp.link})
      on conflict on constraint notifications_dedupe_key do nothing
    `;
    isInAppWritten = written.count > 0;
  }
  let isEmailQueued = false;
  if (spec.email && (isCategoryLocked(spec.category) || !recipient.is_email_off)) {
    const queued = await tx`
      insert into public.notification_outbox (recipient_id, kind, category, subject_type, subject_id, send_at, next_attempt_at, data)
      values (${input.recipientId}, ${input.kind}, ${spec.category}, ${input.subjectType}, ${input.subjectId},
              coalesce(${sendAt}::timestamptz, now()), coalesce(${sendAt}::timestamptz, now()), ${tx.json(input.data)})
      on conflict on constraint notification_outbox_dedupe_key do nothing
    `;
    isEmailQueued = queued.count > 0;
  }
  return { isInAppWritten, isEmailQueued };
}
