import "server-only";
import type { Sql } from "postgres";

export type TChargeBatchResult = { completed: number; earlyEnd: number; attendanceUnknown: number };

/**
 * One batch of the charge job (README "Session rules") as ONE statement, hence one
 * transaction: lock up to `limit` due sessions (`FOR UPDATE SKIP LOCKED`, so
 * concurrent runs take disjoint rows), turn each into COMPLETED_ASSUMED
 * (completion split with the session's frozen bps, payout held until
 * `payoutReleaseAt`) or EARLY_END_SHORT (no charge), and write the ledger rows
 * and the audit events from the UPDATE's RETURNING set. A killed connection
 * rolls all of it back; the guard `status = 'SCHEDULED'` means a row a
 * no-show took first is never charged twice.
 *
 * Early end is judged on the meeting's instances clipped to the scheduled window:
 * none of them still running, the last one ended before the scheduled end, and
 * the union of their time inside the window under the minimum payable. A Google
 * Meet session (no webhooks) waits until its attendance was read, or until
 * `attendanceGraceMinutes` after its end; then it is settled on what is known
 * and audited as such. Other providers never wait.
 *
 * `sessionId` restricts the batch to one session (the one-by-one retry);
 * `excludeIds` skips sessions that already failed in this run.
 */
export async function chargeDueSessions(options: {
  db: Sql;
  now: Date;
  limit: number;
  payoutReleaseAt: Date;
  attendanceGraceMinutes: number;
  sessionId?: string;
  excludeIds?: readonly string[];
}): Promise<TChargeBatchResult> {
  const { db, now, limit, payoutReleaseAt } = options;
  const onlyOne = options.sessionId ? db`and s.id = ${options.sessionId}` : db``;
  const excluded = options.excludeIds?.length ? db`and s.id <> all(${[...options.excludeIds]}::uuid[])` : db``;
  const graceEnd = new Date(now.getTime() - options.attendanceGraceMinutes * 60_000);
  const [result] = await db<{ completed: number; early_end: number; attendance_unknown: number }[]>`
    with due as (
      select s.id, s.scheduled_start_at, s.scheduled_end_at, s.min_payable_minutes,
        least(public.apply_bps(s.price_cents, s.completion_payout_bps), s.price_cents) as payout_cents,
        s.provider = 'google_meet' and not exists (
          select 1 from public.session_attendance_syncs a where a.session_id = s.id and a.synced_at is not null
        ) as is_attendance_unknown
      from public.sessions s
      where s.status = 'SCHEDULED' and s.charge_scheduled_at <= ${now} ${onlyOne} ${excluded}
        and (s.provider <> 'google_meet' or s.scheduled_end_at <= ${graceEnd}
             or exists (select 1 from public.session_attendance_syncs a where a.session_id = s.id and a.synced_at is not null))
      order by s.charge_scheduled_at
      limit ${limit}
      for update of s skip locked
    ),
    judged as (
      select d.id, d.payout_cents, d.is_attendance_unknown, w.held,
        coalesce(w.last_ended_at < d.scheduled_end_at and not w.is_any_running
          and w.held < make_interval(mins => d.min_payable_minutes), false) as is_early_end
      from due d
      left join lateral (
        select agg.last_ended_at, agg.is_any_running,
               coalesce((select sum(upper(r) - lower(r)) from unnest(agg.held_ranges) r), interval '0') as held
        from (
          select max(i.ended_at) as last_ended_at, bool_or(i.ended_at is null) as is_any_running,
                 range_agg(tstzrange(greatest(i.started_at, d.scheduled_start_at), least(i.ended_at, d.scheduled_end_at))) as held_ranges
          from public.session_meeting_instances i
          -- only runs that overlap the scheduled window count (least/greatest skip an unknown start or end)
          where i.session_id = d.id
            and coalesce(i.started_at, '-infinity') < d.scheduled_end_at
            and coalesce(i.ended_at, 'infinity') > d.scheduled_start_at
            and coalesce(i.started_at, '-infinity') < coalesce(i.ended_at, 'infinity')
        ) agg
        where agg.last_ended_at is not null or agg.is_any_running
      ) w on true
    ),
    charged as (
      update public.sessions s set
        status = case when d.is_early_end then 'EARLY_END_SHORT' else 'COMPLETED_ASSUMED' end,
        charged_at = case when d.is_early_end then null else ${now}::timestamptz end,
        charge_cents = case when d.is_early_end then null else s.price_cents end,
        payout_cents = case when d.is_early_end then null else d.payout_cents end,
        platform_fee_cents = case when d.is_early_end then null else s.price_cents - d.payout_cents end
      from judged d
      -- "= any(array(...))" hands the planner the primary-key lookup; a plain join
      -- lets it seq-scan the whole table once per batch.
      where s.id = any(array(select id from due)) and s.id = d.id and s.status = 'SCHEDULED'
      returning s.id, s.status, s.student_id, s.tutor_id, s.currency, s.charge_cents, s.payout_cents,
                s.platform_fee_cents, s.min_payable_minutes, d.held, d.is_attendance_unknown
    ),
    ledger as (
      insert into public.ledger_entries (session_id, kind, party_id, amount_cents, currency, status, release_at, idempotency_key)
      select c.id, e.kind, e.party_id, e.amount_cents, c.currency, e.status, e.release_at, 'session:' || c.id || ':' || e.kind
      from charged c
      cross join lateral (values
        ('charge', c.student_id, c.charge_cents, 'posted', null::timestamptz),
        ('payout', c.tutor_id, c.payout_cents, 'held', ${payoutReleaseAt}::timestamptz),
        ('platform_fee', null::uuid, c.platform_fee_cents, 'posted', null::timestamptz)
      ) as e(kind, party_id, amount_cents, status, release_at)
      where c.status = 'COMPLETED_ASSUMED' and e.amount_cents > 0
    ),
    events as (
      insert into public.session_events (session_id, type, actor_role, payload, at)
      select c.id, e.type, 'system', e.payload, ${now}
      from charged c
      cross join lateral (values
        (case c.status when 'COMPLETED_ASSUMED' then 'session.charged' else 'session.early_end_short' end,
         case c.status
           when 'COMPLETED_ASSUMED' then jsonb_build_object('charge_cents', c.charge_cents, 'payout_cents', c.payout_cents,
             'platform_fee_cents', c.platform_fee_cents, 'payout_release_at', ${payoutReleaseAt}::timestamptz)
           else jsonb_build_object('held_minutes', floor(extract(epoch from c.held) / 60)::int, 'min_payable_minutes', c.min_payable_minutes)
         end,
         true),
        ('session.charged_attendance_unknown',
         jsonb_build_object('outcome', c.status, 'attendance_grace_minutes', ${options.attendanceGraceMinutes}::int),
         c.is_attendance_unknown)
      ) as e(type, payload, is_written)
      where e.is_written
    ),
    -- The payer's receipt is sent when the charge is collected (lib/payments/settle-attempt.ts), not here.
    completed as (
      select c.id, c.student_id,
             public.notification_lesson_facts(c.id) || jsonb_build_object('session_id', c.id) as data
      from charged c where c.status = 'COMPLETED_ASSUMED'
    ),
    -- A completed lesson asks the student for a rating (lib/ratings; the text is templates' ratingRequested).
    rating_emails as (
      insert into public.notification_outbox (recipient_id, kind, category, subject_type, subject_id, send_at, next_attempt_at, data)
      select r.student_id, 'rating_requested', 'lessons', 'session', r.id, ${now}, ${now}, r.data from completed r
      on conflict on constraint notification_outbox_dedupe_key do nothing
    ),
    rating_notices as (
      insert into public.notifications (recipient_id, kind, subject_type, subject_id, send_at, title, body, link)
      select r.student_id, 'rating_requested', 'session', r.id, ${now},
             'How was ' || (r.data ->> 'subject_name') || ' with ' || (r.data ->> 'tutor_name') || '?',
             'Rate your lesson from 1 to 5; it helps other students choose.',
             '/student/bookings/' || (r.data ->> 'booking_id')
      from completed r
      on conflict on constraint notifications_dedupe_key do nothing
    )
    select count(*) filter (where status = 'COMPLETED_ASSUMED')::int as completed,
           count(*) filter (where status = 'EARLY_END_SHORT')::int as early_end,
           count(*) filter (where is_attendance_unknown)::int as attendance_unknown
    from charged
  `;
  return { completed: result?.completed ?? 0, earlyEnd: result?.early_end ?? 0, attendanceUnknown: result?.attendance_unknown ?? 0 };
}
