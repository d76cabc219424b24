-- =============================================================================
-- Money split in SQL: the set-based charge job needs the same rounding as
-- lib/payments/split.ts (DESIGN §4c). One function, tested against the
-- TypeScript one for every price from 1 to 100 000 cents.
-- =============================================================================

-- round(amount × bps / 10 000), half up, exact in integers.
-- No `set search_path` on purpose: it would stop the planner from inlining this
-- one-expression function into the charge job's statement (100 000 rows a run).
-- It references no table, function or type through the search path, only
-- built-in integer operators, so there is nothing a search path could hijack.
create or replace function public.apply_bps(amount_cents bigint, bps integer)
returns bigint
language sql immutable strict parallel safe
as $$
  select (amount_cents * bps * 2 + 10000) / 20000
$$;
comment on function public.apply_bps(bigint, integer) is
  'round(amount_cents × bps / 10000) half up, in integers; the SQL twin of applyBps in lib/payments/split.ts.';

revoke all on function public.apply_bps(bigint, integer) from public, anon, authenticated;
