import "server-only";
import type { Sql } from "postgres";
import type { TRole } from "@/lib/auth/roles";
import { REMINDER_KINDS, type TNotificationCategory, type TNotificationKind } from "./kinds";
import { DELIVERY_LEASE_MS, MAX_DELIVERY_ATTEMPTS } from "./delivery-rules";

export type TClaimedNotification = {
  id: string;
  /** 'sending' (leased to this caller), 'skipped' or 'dead' (settled by the claim itself). */
  status: "sending" | "skipped" | "dead";
  kind: TNotificationKind;
  category: TNotificationCategory;
  subject_type: string;
  subject_id: string;
  send_at: Date;
  data: Record<string, unknown>;
  /** The fencing token: marking succeeds only while the row still carries this count. */
  attempts: number;
  message_id: string;
  recipient_id: string;
  email: string | null;
  full_name: string;
  role: TRole;
  timezone: string | null;
};

/**
 * One short transaction (one statement): lock up to `limit` due rows (`FOR UPDATE SKIP LOCKED`,
 * so racing workers take disjoint rows), then in the same UPDATE
 * - skip reminders whose lesson is no longer SCHEDULED or starts at another time than they
 *   were written for, and rows whose category the recipient has since turned off;
 * - kill rows whose attempts are used up (a sender that crashed on the last attempt);
 * - lease the rest ('sending', attempts + 1, due again at the lease end if nobody marks them).
 * Returns every row it settled or leased, with the recipient. Nothing is sent inside the transaction.
 */
export async function claimDueNotifications(options: { db: Sql; now: Date; limit: number }): Promise<TClaimedNotification[]> {
  const { db, now, limit } = options;
  const leaseEnd = new Date(now.getTime() + DELIVERY_LEASE_MS);
  return db<TClaimedNotification[]>`
    with due as (
      select id from public.notification_outbox
      where status in ('pending', 'sending') and next_attempt_at <= ${now}
      order by next_attempt_at
      limit ${limit}
      for update skip locked
    ),
    judged as (
      select o.id,
        (o.kind = any(${[...REMINDER_KINDS]}::text[]) and not exists (
           select 1 from public.sessions s
           where s.id = o.subject_id and s.status = 'SCHEDULED'
             and s.scheduled_start_at = (o.data ->> 'expected_start_at')::timestamptz
         )) or (o.category <> 'payments' and exists (
           select 1 from public.notification_preferences np
           where np.user_id = o.recipient_id and np.category = o.category and not np.email_enabled
         )) as is_skipped,
        o.attempts >= ${MAX_DELIVERY_ATTEMPTS} as is_exhausted
      from public.notification_outbox o
      where o.id = any(array(select id from due))
    ),
    claimed as (
      update public.notification_outbox o set
        status = case when j.is_skipped then 'skipped' when j.is_exhausted then 'dead' else 'sending' end,
        attempts = case when j.is_skipped or j.is_exhausted then o.attempts else o.attempts + 1 end,
        locked_until = case when j.is_skipped or j.is_exhausted then null else ${leaseEnd}::timestamptz end,
        next_attempt_at = case when j.is_skipped or j.is_exhausted then o.next_attempt_at else ${leaseEnd}::timestamptz end,
        last_error = case when j.is_exhausted and not j.is_skipped
                          then coalesce(o.last_error, 'the sender stopped before marking it sent') else o.last_error end
      from judged j
      where o.id = j.id
      returning o.id, o.kind, o.category, o.subject_type, o.subject_id, o.send_at, o.data, o.attempts, o.message_id,
                o.recipient_id, o.status
    )
    select c.id, c.status, c.kind, c.category, c.subject_type, c.subject_id, c.send_at, c.data, c.attempts, c.message_id,
           c.recipient_id, u.email, p.full_name, p.role, p.timezone
    from claimed c
    left join public.profiles p on p.id = c.recipient_id
    left join auth.users u on u.id = c.recipient_id
  `;
}
