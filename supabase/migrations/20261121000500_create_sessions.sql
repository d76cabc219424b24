-- =============================================================================
-- Sessions: the lesson itself, its private meeting link and its audit log
-- Rules: README "Session rules" table (DESIGN §4).
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Rule math: exact integer arithmetic, never floating point (60 → 19 / 39).
-- -----------------------------------------------------------------------------
create or replace function public.calculate_session_rules(duration_minutes integer)
returns table (no_show_wait_minutes integer, min_payable_minutes integer)
language plpgsql immutable strict
set search_path = ''
as $$
begin
  if duration_minutes < 1 or duration_minutes > 600 then
    raise exception 'duration_minutes must be between 1 and 600, got %', duration_minutes using errcode = '22023';
  end if;
  no_show_wait_minutes := (duration_minutes * 33) / 100;
  min_payable_minutes := (duration_minutes * 66) / 100;
  return next;
end;
$$;
comment on function public.calculate_session_rules(integer) is 'No-show wait = floor(d × 33 / 100), minimum payable = floor(d × 66 / 100) minutes.';

create table public.sessions (
  id uuid primary key default gen_random_uuid(),
  booking_id uuid not null unique references public.bookings (id) on delete restrict,
  tutor_id uuid not null references public.profiles (id) on delete restrict,
  student_id uuid not null references public.profiles (id) on delete restrict,
  subject_id uuid not null references public.subjects (id) on delete restrict,
  provider text not null check (provider in ('zoom', 'google_meet', 'jitsi')),
  scheduled_start_at timestamptz not null,
  scheduled_end_at timestamptz not null,
  duration_minutes integer not null check (duration_minutes between 1 and 600),
  no_show_wait_minutes integer not null,
  min_payable_minutes integer not null,
  status text not null default 'SCHEDULED'
    check (status in ('SCHEDULED', 'NO_SHOW_STUDENT', 'COMPLETED_ASSUMED', 'EARLY_END_SHORT', 'CANCELLED')),
  charge_scheduled_at timestamptz not null,
  charged_at timestamptz,
  price_cents bigint not null check (price_cents > 0),
  charge_cents bigint check (charge_cents >= 0),
  payout_cents bigint check (payout_cents >= 0),
  platform_fee_cents bigint check (platform_fee_cents >= 0),
  currency text not null default 'TTD' check (currency ~ '^[A-Z]{3}$'),
  completion_payout_bps integer not null check (completion_payout_bps between 0 and 10000),
  no_show_charge_bps integer not null check (no_show_charge_bps between 0 and 10000),
  no_show_payout_bps integer not null check (no_show_payout_bps between 0 and 10000),
  meeting_started_at timestamptz,
  meeting_ended_at timestamptz,
  student_joined_at timestamptz,
  tutor_joined_at timestamptz,
  marked_no_show_at timestamptz,
  cancelled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (tutor_id <> student_id),
  check (scheduled_end_at = scheduled_start_at + make_interval(mins => duration_minutes)),
  check (no_show_wait_minutes = (duration_minutes * 33) / 100),
  check (min_payable_minutes = (duration_minutes * 66) / 100),
  check (charge_scheduled_at = scheduled_end_at),
  check (charge_cents = payout_cents + platform_fee_cents),
  check (charge_cents <= price_cents),
  -- charged exactly when in a charged state, and then with every amount set
  check ((status in ('COMPLETED_ASSUMED', 'NO_SHOW_STUDENT')) = (charged_at is not null)),
  check (charged_at is null or (charge_cents is not null and payout_cents is not null and platform_fee_cents is not null)),
  check (status <> 'NO_SHOW_STUDENT' or marked_no_show_at is not null)
);
comment on table public.sessions is 'A confirmed booking''s lesson. Status and money change only through server code (service), never from a browser role.';
comment on column public.sessions.status is 'Stored state; JOIN_OPEN is derived from time at display (lib/sessions/display-status.ts), never stored.';
comment on column public.sessions.charge_scheduled_at is 'When the charge job takes the session: its scheduled end.';
comment on column public.sessions.completion_payout_bps is 'Split frozen from platform_settings when the booking was confirmed.';
comment on column public.sessions.student_joined_at is 'First student attendance: a join through the app or a provider participant event. Blocks a no-show.';

-- The charge job's due query: status = 'SCHEDULED' and charge_scheduled_at <= now.
create index sessions_status_charge_scheduled_at_idx on public.sessions (status, charge_scheduled_at);
create index sessions_tutor_id_scheduled_start_at_idx on public.sessions (tutor_id, scheduled_start_at);
create index sessions_student_id_scheduled_start_at_idx on public.sessions (student_id, scheduled_start_at);
create index sessions_subject_id_idx on public.sessions (subject_id);
create trigger sessions_set_updated_at before update on public.sessions
  for each row execute function public.set_updated_at();
alter table public.sessions enable row level security;

-- -----------------------------------------------------------------------------
-- The meeting link lives apart: no browser role can read it, ever. The join
-- route hands it out, inside the window, to the session's own people.
-- -----------------------------------------------------------------------------
create table public.session_meeting_links (
  session_id uuid primary key references public.sessions (id) on delete cascade,
  provider text not null check (provider in ('zoom', 'google_meet', 'jitsi')),
  meeting_external_id text not null,
  join_url text not null check (join_url ~ '^https://'),
  host_url text check (host_url ~ '^https://'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.session_meeting_links is 'Private meeting details (join_url, provider meeting id). Service only: served by the join route inside the join window.';
create index session_meeting_links_meeting_idx on public.session_meeting_links (provider, meeting_external_id);
create trigger session_meeting_links_set_updated_at before update on public.session_meeting_links
  for each row execute function public.set_updated_at();
alter table public.session_meeting_links enable row level security;

-- -----------------------------------------------------------------------------
-- session_events: append-only audit log
-- -----------------------------------------------------------------------------
create table public.session_events (
  id bigint generated always as identity primary key,
  session_id uuid references public.sessions (id) on delete restrict,
  type text not null check (type ~ '^[a-z_.]{1,64}$'),
  -- restrict, not set null: the log is append-only, so an actor's row can't be rewritten.
  actor_id uuid references public.profiles (id) on delete restrict,
  actor_role text not null check (actor_role in ('student', 'tutor', 'parent', 'admin', 'system', 'provider')),
  payload jsonb not null default '{}'::jsonb,
  provider_event_id text,
  at timestamptz not null default now()
);
comment on table public.session_events is 'Append-only audit log of every step of a session. session_id is null only for provider events that matched no session.';
comment on column public.session_events.provider_event_id is 'Idempotency key of a provider webhook delivery; unique where present.';
create unique index session_events_provider_event_id_key on public.session_events (provider_event_id) where provider_event_id is not null;
create index session_events_session_id_at_idx on public.session_events (session_id, at);
create index session_events_actor_id_idx on public.session_events (actor_id) where actor_id is not null;

create or replace function public.prevent_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception '% is append-only', tg_table_name using errcode = '42501';
end;
$$;
create trigger session_events_append_only before update or delete on public.session_events
  for each row execute function public.prevent_change();
alter table public.session_events enable row level security;

-- -----------------------------------------------------------------------------
-- Helpers
-- -----------------------------------------------------------------------------
create or replace function public.can_read_session(session_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.sessions s
    where s.id = can_read_session.session_id
      and (s.student_id = (select auth.uid())
           or s.tutor_id = (select auth.uid())
           or public.is_parent_of(s.student_id)
           or public.is_admin())
  );
$$;
comment on function public.can_read_session(uuid) is 'True when the caller is the session''s student, tutor, approved parent, or an admin.';

-- Join window: opens 5 minutes before the scheduled start, closes at the scheduled end.
create or replace function public.is_join_window_open(session_id uuid, at timestamptz default now())
returns boolean
language sql stable
set search_path = ''
as $$
  select coalesce((
    select s.status = 'SCHEDULED'
       and is_join_window_open.at >= s.scheduled_start_at - interval '5 minutes'
       and is_join_window_open.at < s.scheduled_end_at
    from public.sessions s
    where s.id = is_join_window_open.session_id
  ), false);
$$;
comment on function public.is_join_window_open(uuid, timestamptz) is 'Runs as the caller (RLS applies): true inside [start − 5 min, end) for a scheduled session.';

-- -----------------------------------------------------------------------------
-- Privileges and policies: browser roles read; only the service writes
-- -----------------------------------------------------------------------------
revoke all on public.sessions, public.session_meeting_links, public.session_events from anon, authenticated;
grant select on public.sessions, public.session_events to authenticated;

create policy "Students can read their own sessions" on public.sessions
  for select to authenticated using (student_id = (select auth.uid()));
create policy "Tutors can read their own sessions" on public.sessions
  for select to authenticated using (tutor_id = (select auth.uid()));
create policy "Parents can read their children's sessions" on public.sessions
  for select to authenticated using (public.is_parent_of(student_id));
create policy "Admins can read every session" on public.sessions
  for select to authenticated using ((select public.is_admin()));

create policy "Session participants can read its audit trail" on public.session_events
  for select to authenticated using (public.can_read_session(session_id));
create policy "Admins can read every audit event" on public.session_events
  for select to authenticated using ((select public.is_admin()));
