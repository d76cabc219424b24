-- =============================================================================
-- Video connection events: the audit trail of a tutor's provider connections
-- (connected, replaced, refresh failed → invalid). Written only by server code.
-- =============================================================================

create table public.tutor_video_connection_events (
  id bigint generated always as identity primary key,
  connection_id uuid not null references public.tutor_video_provider_connections (id) on delete cascade,
  tutor_id uuid not null references public.profiles (id) on delete cascade,
  type text not null check (type ~ '^[a-z_.]{1,64}$'),
  payload jsonb not null default '{}'::jsonb,
  at timestamptz not null default now()
);
comment on table public.tutor_video_connection_events is 'Append-only log of a tutor''s video connections; payloads never hold tokens.';

create index tutor_video_connection_events_tutor_id_at_idx on public.tutor_video_connection_events (tutor_id, at);
create index tutor_video_connection_events_connection_id_idx on public.tutor_video_connection_events (connection_id);

-- Rows never change; they go only with their connection (account deletion).
create trigger tutor_video_connection_events_append_only before update on public.tutor_video_connection_events
  for each row execute function public.prevent_change();

alter table public.tutor_video_connection_events enable row level security;
revoke all on public.tutor_video_connection_events from anon, authenticated;
grant select on public.tutor_video_connection_events to authenticated;

create policy "Tutors can read their own video connection events" on public.tutor_video_connection_events
  for select to authenticated using (tutor_id = (select auth.uid()));
create policy "Admins can read every video connection event" on public.tutor_video_connection_events
  for select to authenticated using ((select public.is_admin()));
