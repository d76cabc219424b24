-- =============================================================================
-- Private calendar feed URLs (README "Calendar feeds"): one per user, reset = new token.
-- Only the token's sha256 is stored; the feed route looks the hash up, so a wrong token
-- costs one index probe like a right one. Written by server code only.
-- =============================================================================

create table public.calendar_feed_tokens (
  user_id uuid primary key references public.profiles (id) on delete cascade,
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now()
);
comment on table public.calendar_feed_tokens is 'A user''s private calendar feed token, as its sha256 (hex); never the token itself.';
alter table public.calendar_feed_tokens enable row level security;

revoke all on public.calendar_feed_tokens from anon, authenticated;
grant select (user_id, created_at) on public.calendar_feed_tokens to authenticated;

create policy "Users can read when their own feed token was made" on public.calendar_feed_tokens
  for select to authenticated using (user_id = (select auth.uid()));
