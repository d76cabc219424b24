-- =============================================================================
-- A tutor's video provider connection (Zoom, Google Meet or Jitsi Meet)
-- =============================================================================

create table public.tutor_video_provider_connections (
  id uuid primary key default gen_random_uuid(),
  tutor_id uuid not null references public.profiles (id) on delete cascade,
  provider text not null check (provider in ('zoom', 'google_meet', 'jitsi')),
  status text not null default 'connected' check (status in ('connected', 'invalid', 'revoked')),
  access_token_encrypted text,
  refresh_token_encrypted text,
  token_key_id text,
  expires_at timestamptz,
  scopes text[] not null default '{}',
  provider_account_id text,
  provider_account_email text,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((access_token_encrypted is null and refresh_token_encrypted is null) or token_key_id is not null)
);
comment on table public.tutor_video_provider_connections is 'OAuth connections; tokens are AES-256-GCM ciphertext and never readable by browser roles (column privileges).';
comment on column public.tutor_video_provider_connections.token_key_id is 'Id of the TOKEN_ENCRYPTION_KEY that sealed the tokens (key rotation).';

-- At most one active connection per tutor.
create unique index tutor_video_provider_connections_one_active_idx
  on public.tutor_video_provider_connections (tutor_id) where status = 'connected';
create index tutor_video_provider_connections_tutor_id_idx on public.tutor_video_provider_connections (tutor_id);
create trigger tutor_video_provider_connections_set_updated_at before update on public.tutor_video_provider_connections
  for each row execute function public.set_updated_at();
alter table public.tutor_video_provider_connections enable row level security;

-- Token columns are not granted: not even their owner can read them through the API.
revoke all on public.tutor_video_provider_connections from anon, authenticated;
grant select (id, tutor_id, provider, status, expires_at, scopes, provider_account_id, provider_account_email,
              last_error, created_at, updated_at)
  on public.tutor_video_provider_connections to authenticated;

create policy "Tutors can read their own video connections" on public.tutor_video_provider_connections
  for select to authenticated using (tutor_id = (select auth.uid()));
create policy "Admins can read every video connection" on public.tutor_video_provider_connections
  for select to authenticated using ((select public.is_admin()));
