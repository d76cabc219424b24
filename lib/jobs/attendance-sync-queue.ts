import "server-only";
import type { Sql } from "postgres";

/**
 * The attendance sync step's queue over `public.session_attendance_syncs`. Every function
 * is one short statement (its own transaction): nothing stays locked while a provider
 * is called.
 */

/** Due Google Meet sessions not seen yet get a row (pending, attempt now). */
export async function enqueueDueMeetSessions(db: Sql, now: Date): Promise<void> {
  await db`
    insert into public.session_attendance_syncs (session_id, next_attempt_at)
    select s.id, ${now}::timestamptz from public.sessions s
    where s.status = 'SCHEDULED' and s.charge_scheduled_at <= ${now} and s.provider = 'google_meet'
      and not exists (select 1 from public.session_attendance_syncs a where a.session_id = s.id)
    on conflict (session_id) do nothing
  `;
}

/**
 * Takes the next pending session whose backoff has passed and leases it until
 * `leaseUntil` (a concurrent tick skips it), counting the attempt. Null when none is left.
 */
export async function claimNextSync(
  db: Sql,
  input: { now: Date; leaseUntil: Date },
): Promise<{ sessionId: string; attempts: number } | null> {
  const [row] = await db<{ session_id: string; attempts: number }[]>`
    update public.session_attendance_syncs a
    set attempts = a.attempts + 1, next_attempt_at = ${input.leaseUntil}
    where a.session_id = (
      select p.session_id from public.session_attendance_syncs p
      join public.sessions s on s.id = p.session_id and s.status = 'SCHEDULED'
      where p.synced_at is null and p.next_attempt_at <= ${input.now}
      order by p.next_attempt_at
      limit 1
      for update of p skip locked
    )
    returning a.session_id, a.attempts
  `;
  return row ? { sessionId: row.session_id, attempts: row.attempts } : null;
}

/** After a failed read: retry no sooner than the backoff for this attempt. */
export async function deferSync(db: Sql, input: { sessionId: string; retryAt: Date; error: string }): Promise<void> {
  await db`
    update public.session_attendance_syncs
    set next_attempt_at = ${input.retryAt}, last_error = ${input.error.slice(0, 1000)}
    where session_id = ${input.sessionId} and synced_at is null
  `;
}

/** Due Meet sessions still waiting for a read that this tick did not reach. */
export async function countPendingSyncs(db: Sql, now: Date): Promise<number> {
  const [row] = await db<{ count: number }[]>`
    select count(*)::int as count from public.session_attendance_syncs a
    join public.sessions s on s.id = a.session_id and s.status = 'SCHEDULED'
    where a.synced_at is null and a.next_attempt_at <= ${now}
  `;
  return row?.count ?? 0;
}
