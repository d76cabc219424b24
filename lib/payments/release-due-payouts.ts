import "server-only";
import type { Sql } from "postgres";

export const RELEASE_BATCH_SIZE = 5000;

/**
 * Ends escrow (lib/README.md, Money): every held payout whose release_at has passed
 * becomes released, with its audit event, set-based and in batches. Each
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
        select id from public.ledger_entries
        where status = 'held' and release_at <= ${now}
        order by release_at
        limit ${batchSize}
        for update skip locked
      ),
      released as (
        update public.ledger_entries l set status = 'released', released_at = ${now}
        from due where l.id = due.id and l.status = 'held'
        returning l.id, l.session_id, l.party_id, l.amount_cents, l.currency
      ),
      events as (
        insert into public.session_events (session_id, type, actor_role, payload, at)
        select r.session_id, 'payout.released', 'system',
               jsonb_build_object('ledger_entry_id', r.id, 'tutor_id', r.party_id, 'amount_cents', r.amount_cents, 'currency', r.currency),
               ${now}
        from released r
      )
      select count(*)::int as released from released
    `;
    const count = batch?.released ?? 0;
    released += count;
    if (count < batchSize) return released;
  }
}
