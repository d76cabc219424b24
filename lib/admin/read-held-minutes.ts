import "server-only";
import type { ISql } from "postgres";

/**
 * Minutes the lesson's meeting was held inside its scheduled window: the union of its runs
 * (session_meeting_instances) clipped to the window, whole minutes — the same measure as the
 * charge job's early-end rule (lib/sessions/charge-due-sessions.ts). A run still open counts
 * up to the scheduled end; a run with only an end counts from the scheduled start.
 */
export async function readHeldMinutes(tx: ISql, sessionIds: readonly string[]): Promise<Map<string, number>> {
  if (sessionIds.length === 0) return new Map();
  const rows = await tx<{ session_id: string; held_minutes: number }[]>`
    select s.id as session_id,
      coalesce(floor(extract(epoch from (select sum(upper(r) - lower(r)) from unnest(agg.held_ranges) r)) / 60), 0)::int as held_minutes
    from public.sessions s
    left join lateral (
      select range_agg(tstzrange(greatest(i.started_at, s.scheduled_start_at), least(i.ended_at, s.scheduled_end_at))) as held_ranges
      from public.session_meeting_instances i
      where i.session_id = s.id
        and coalesce(i.started_at, '-infinity') < s.scheduled_end_at
        and coalesce(i.ended_at, 'infinity') > s.scheduled_start_at
        and coalesce(i.started_at, '-infinity') < coalesce(i.ended_at, 'infinity')
    ) agg on true
    where s.id = any(${[...sessionIds]}::uuid[])`;
  return new Map(rows.map((row) => [row.session_id, row.held_minutes]));
}
