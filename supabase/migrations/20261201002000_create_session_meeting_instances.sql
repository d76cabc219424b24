-- =============================================================================
-- Meeting instances: one provider meeting can run several times (opened two
-- days early, join-before-host, restarted). Each run is kept apart so the
-- early-end rule judges only the time that overlaps the scheduled window
-- (README "Session rules"). Written only by lib/sessions/record-attendance.ts.
-- =============================================================================

create table public.session_meeting_instances (
  session_id uuid not null references public.sessions (id) on delete cascade,
  provider text not null check (provider in ('zoom', 'google_meet', 'jitsi')),
  instance_external_id text not null check (length(instance_external_id) between 1 and 512),
  started_at timestamptz,
  ended_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (session_id, provider, instance_external_id),
  -- a row exists because the provider reported a start or an end (they may arrive in either order)
  check (started_at is not null or ended_at is not null)
);
comment on table public.session_meeting_instances is 'Each run of a session''s provider meeting, with its own start and end. Service only.';
comment on column public.session_meeting_instances.instance_external_id is 'The provider''s id of this run: Zoom''s meeting uuid, Meet''s conference record name.';
comment on column public.session_meeting_instances.started_at is 'Null while only the end has arrived (Zoom does not promise order): the rule then counts from the scheduled start.';
comment on column public.session_meeting_instances.ended_at is 'Null while the run is live (or its end was never reported).';

create trigger session_meeting_instances_set_updated_at before update on public.session_meeting_instances
  for each row execute function public.set_updated_at();
alter table public.session_meeting_instances enable row level security;
revoke all on public.session_meeting_instances from anon, authenticated;

-- -----------------------------------------------------------------------------
-- Backfill: what the session row knew before instances existed becomes one run.
-- -----------------------------------------------------------------------------
insert into public.session_meeting_instances (session_id, provider, instance_external_id, started_at, ended_at)
select id, provider, 'before-instances', meeting_started_at, meeting_ended_at
from public.sessions
where meeting_started_at is not null or meeting_ended_at is not null
on conflict do nothing;
