-- =============================================================================
-- Per-user rate limits of the app's write routes (lib/api/rate-limit.ts)
-- One fixed-window counter per user and limit name, shared by every app
-- instance. Written only by server code (owner connection).
-- =============================================================================

create table public.api_rate_limits (
  user_id uuid not null references auth.users (id) on delete cascade,
  bucket text not null check (bucket ~ '^[a-z_]{1,32}$'),
  window_start timestamptz not null,
  hits integer not null check (hits > 0),
  primary key (user_id, bucket)
);
comment on table public.api_rate_limits is 'Request counters for per-user rate limits: one row per user and limit, reset when a new window starts. Service only.';
comment on column public.api_rate_limits.window_start is 'Start of the fixed window the hits count in.';

alter table public.api_rate_limits enable row level security;
revoke all on public.api_rate_limits from anon, authenticated;
