import "server-only";
import type { Sql } from "postgres";

export type TChargeBatchResult = { completed: number; earlyEnd: number };

/**
 * One batch of the charge job (DESIGN §4b/§4c) as ONE statement, hence one
 * transaction: lock up to `limit` due sessions (`FOR UPDATE SKIP LOCKED`, so
 * concurrent runs take disjoint rows), turn each into COMPLETED_ASSUMED
 * (completion split with the session's frozen bps, payout held for
 * payout_hold_hours) or EARLY_END_SHORT (no charge), and write the ledger rows
 * and the audit events from the UPDATE's RETURNING set. A killed connection
 * rolls all of it back; the guard `status = 'SCHEDULED'` means a row a
 * no-show took first is never charged twice.
 *
 * `sessionId` restricts the batch to one session (the one-by-one retry);
 * `excludeIds` skips sessions that already failed in this run.
 */
export async function chargeDueSessions(options: {
  db: Sql;
  now: Date;
  limit: number;
  sessionId?: string;
  excludeIds?: readonly string[];
}): Promise<TChargeBatchResult> {
  const { db, now, limit } = options;
  const onlyOne = options.sessionId ? db`and s.id = ${options.sessionId}` : db``;
  const excluded = options.excludeIds?.length ? db`and s.id <> all(${[...options.excludeIds]}::uuid[])` : db``;
  const [result] = await db<{ completed: number; early_end: number }[]>`
    with settings as materialized (
      select make_interval(hours => payout_hold_hours) as payout_hold from public.platform_settings where id
    ),
    due as (
      select s.id,
        -- README "Session rules": ended before the scheduled end and lasted less than the minimum payable.
        coalesce(s.meeting_ended_at < s.scheduled_end_at
          and s.meeting_ended_at - coalesce(s.meeting_started_at, s.scheduled_start_at)
              < make_interval(mins => s.min_payable_minutes), false) as is_early_end,
        least(public.apply_bps(s.price_cents, s.completion_payout_bps), s.price_cents) as payout_cents
      from public.sessions s
      where s.status = 'SCHEDULED' and s.charge_scheduled_at <= ${now} ${onlyOne} ${excluded}
      order by s.charge_scheduled_at
      limit ${limit}
      for update of s skip locked
    ),
    charged as (
      update public.sessions s set
        status = case when d.is_early_end then 'EARLY_END_SHORT' else 'COMPLETED_ASSUMED' end,
        charged_at = case when d.is_early_end then null else ${now}::timestamptz end,
        charge_cents = case when d.is_early_end then null else s.price_cents end,
        payout_cents = case when d.is_early_end then null else d.payout_cents end,
        platform_fee_cents = case when d.is_early_end then null else s.price_cents - d.payout_cents end
      from due d
      -- "= any(array(...))" hands the planner the primary-key lookup; a plain join
      -- lets it seq-scan the whole table once per batch.
      where s.id = any(array(select id from due)) and s.id = d.id and s.status = 'SCHEDULED'
      returning s.id, s.status, s.student_id, s.tutor_id, s.currency, s.charge_cents, s.payout_cents,
                s.platform_fee_cents, s.meeting_started_at, s.meeting_ended_at, s.min_payable_minutes
    ),
    ledger as (
      insert into public.ledger_entries (session_id, kind, party_id, amount_cents, currency, status, release_at, idempotency_key)
      select c.id, e.kind, e.party_id, e.amount_cents, c.currency, e.status, e.release_at, 'session:' || c.id || ':' || e.kind
      from charged c
      cross join settings
      cross join lateral (values
        ('charge', c.student_id, c.charge_cents, 'posted', null::timestamptz),
        ('payout', c.tutor_id, c.payout_cents, 'held', ${now}::timestamptz + settings.payout_hold),
        ('platform_fee', null::uuid, c.platform_fee_cents, 'posted', null::timestamptz)
      ) as e(kind, party_id, amount_cents, status, release_at)
      where c.status = 'COMPLETED_ASSUMED' and e.amount_cents > 0
    ),
    events as (
      insert into public.session_events (session_id, type, actor_role, payload, at)
      select c.id,
        case c.status when 'COMPLETED_ASSUMED' then 'session.charged' else 'session.early_end_short' end,
        'system',
        case c.status
          when 'COMPLETED_ASSUMED' then jsonb_build_object('charge_cents', c.charge_cents, 'payout_cents', c.payout_cents,
            'platform_fee_cents', c.platform_fee_cents, 'payout_release_at', ${now}::timestamptz + settings.payout_hold)
          else jsonb_build_object('meeting_started_at', c.meeting_started_at, 'meeting_ended_at', c.meeting_ended_at,
            'min_payable_minutes', c.min_payable_minutes)
        end,
        ${now}
      from charged c cross join settings
    )
    select count(*) filter (where status = 'COMPLETED_ASSUMED')::int as completed,
           count(*) filter (where status = 'EARLY_END_SHORT')::int as early_end
    from charged
  `;
  return { completed: result?.completed ?? 0, earlyEnd: result?.early_end ?? 0 };
}
