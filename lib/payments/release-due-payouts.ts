import "server-only";
import type { Sql } from "postgres";

export const RELEASE_BATCH_SIZE = 5000;

/**
 * Ends escrow (lib/README.md, Money): every held payout whose release_at has passed
 * becomes released, with its audit event, set-based and in batches — except while the
 * session has an unresolved dispute (open or responded): that payout stays held, and the
 * first run after the admin's decision releases it. Each
 * batch is one statement behind the guard `status = 'held'` with
 * `FOR UPDATE SKIP LOCKED`, so concurrent runs release each payout once.
 * Returns how many payouts were released.
 */
export async function releaseDuePayouts(options: { db: Sql; now: Date; batchSize?: number }): Promise<number> {
  const { db, now } = options;
  const batchSize = options.batchSize ?? RELEASE_BATCH_SIZE;
  let released = 0;
  for (;;) {
    const [batch] = await db<{ released: number }[]>`
      with due as (
        select l.id from public.ledger_entries l
        where l.status = 'held' and l.release_at <= ${now}
          -- a dispute freezes the payout until an admin decides it (lib/disputes)
          and not exists (select 1 from public.disputes d where d.session_id = l.session_id and d.status in ('open', 'responded'))
        order by l.release_at
        limit ${batchSize}
        for update skip locked
      ),
      released as (
        update public.ledger_entries l set status = 'released', released_at = ${now}
        -- after the lock, with a fresh snapshot: a dispute committed since this statement began still freezes it
        from due where l.id = due.id and l.status = 'held' and not public.is_payout_frozen_by_dispute(l.session_id)
        returning l.id, l.session_id, l.party_id, l.amount_cents, l.currency
      ),
      events as (
        insert into public.session_events (session_id, type, actor_role, payload, at)
        select r.session_id, 'payout.released', 'system',
               jsonb_build_object('ledger_entry_id', r.id, 'tutor_id', r.party_id, 'amount_cents', r.amount_cents, 'currency', r.currency),
               ${now}
        from released r
      ),
      -- The tutor hears of it in this statement (lib/notifications: the rows enqueueNotification writes).
      payouts as (
        select r.session_id, r.party_id, r.amount_cents, r.currency,
               public.notification_lesson_facts(r.session_id)
                 || jsonb_build_object('session_id', r.session_id, 'amount_cents', r.amount_cents, 'currency', r.currency) as data
        from released r where r.party_id is not null
      ),
      payout_emails as (
        insert into public.notification_outbox (recipient_id, kind, category, subject_type, subject_id, send_at, next_attempt_at, data)
        select p.party_id, 'payout_released', 'payments', 'session', p.session_id, ${now}, ${now}, p.data from payouts p
        on conflict on constraint notification_outbox_dedupe_key do nothing
      ),
      payout_notices as (
        insert into public.notifications (recipient_id, kind, subject_type, subject_id, send_at, title, body, link)
        select p.party_id, 'payout_released', 'session', p.session_id, ${now},
               'Payout released: ' || public.notification_money_text(p.amount_cents, p.currency),
               public.notification_money_text(p.amount_cents, p.currency) || ' for the ' || (p.data ->> 'subject_name')
                 || ' lesson with ' || (p.data ->> 'student_name') || ' is released to you.',
               '/tutor/bookings/' || (p.data ->> 'booking_id')
        from payouts p
        on conflict on constraint notifications_dedupe_key do nothing
      )
      select count(*)::int as released from released
    `;
    const count = batch?.released ?? 0;
    released += count;
    if (count < batchSize) return released;
  }
}
