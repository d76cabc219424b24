-- =============================================================================
-- Cancelling a confirmed session (README "Cancellation policy").
--   * CANCELLED_LATE: a student or parent cancelled inside the late window and
--     was charged (late_cancel_charge_bps, split with late_cancel_payout_bps).
--     It is a charged state, like NO_SHOW_STUDENT: charged_at and every amount set.
--     CANCELLED stays the free cancellation (student, parent, tutor or admin).
--   * cancellation_policy / cancelled_by_role: which rule applied and who used
--     it, so the tutor's cancellation rate is a plain count.
--   * session_meeting_cleanups: provider meetings whose delete failed, retried
--     by the cron job (lib/jobs/retry-meeting-deletions.ts). Service only.
--   * public.tutor_cancellation_rate(tutor_id, as_of): the public profile's number.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- sessions: the charged cancellation
-- -----------------------------------------------------------------------------
alter table public.sessions drop constraint sessions_status_check;
alter table public.sessions add constraint sessions_status_check
  check (status in ('SCHEDULED', 'NO_SHOW_STUDENT', 'COMPLETED_ASSUMED', 'EARLY_END_SHORT', 'CANCELLED', 'CANCELLED_LATE'));

-- The unnamed "charged exactly when in a charged state" check, found by its definition.
do $$
declare
  constraint_name text;
begin
  select c.conname into strict constraint_name
  from pg_constraint c
  where c.conrelid = 'public.sessions'::regclass and c.contype = 'c'
    and pg_get_constraintdef(c.oid) like '%charged_at IS NOT NULL%'
    and pg_get_constraintdef(c.oid) like '%NO_SHOW_STUDENT%';
  execute format('alter table public.sessions drop constraint %I', constraint_name);
end;
$$;
alter table public.sessions add constraint sessions_charged_iff_charged_status
  check ((status in ('COMPLETED_ASSUMED', 'NO_SHOW_STUDENT', 'CANCELLED_LATE')) = (charged_at is not null));

alter table public.sessions
  add column cancellation_policy text check (cancellation_policy in ('free', 'late', 'tutor', 'admin')),
  add column cancelled_by_role text check (cancelled_by_role in ('student', 'parent', 'tutor', 'admin')),
  add constraint sessions_cancellation_only_when_cancelled
    check ((cancellation_policy is null and cancelled_by_role is null) or status in ('CANCELLED', 'CANCELLED_LATE')),
  add constraint sessions_cancelled_late_is_late
    check (status <> 'CANCELLED_LATE' or (cancellation_policy = 'late' and cancelled_at is not null));
comment on column public.sessions.cancellation_policy is
  'The rule a cancellation fell under: free (student side, in the free window), late (charged), tutor (free, counted), admin (free). Null for older cancellations.';
comment on column public.sessions.cancelled_by_role is 'Who cancelled: student, parent, tutor or admin (the session.cancelled event names the person).';
grant select (cancellation_policy, cancelled_by_role) on public.sessions to authenticated;

-- Tutor cancellations over time, for the rate.
create index sessions_tutor_id_cancelled_at_idx on public.sessions (tutor_id, cancelled_at) where cancelled_at is not null;

-- -----------------------------------------------------------------------------
-- session_meeting_cleanups: provider deletes to retry
-- -----------------------------------------------------------------------------
create table public.session_meeting_cleanups (
  session_id uuid primary key references public.sessions (id) on delete cascade,
  provider text not null check (provider in ('zoom', 'google_meet', 'jitsi')),
  meeting_external_id text not null,
  attempts integer not null default 1 check (attempts >= 1),
  next_attempt_at timestamptz not null,
  last_error text not null check (char_length(last_error) <= 1000),
  completed_at timestamptz,
  gave_up_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (completed_at is null or gave_up_at is null)
);
comment on table public.session_meeting_cleanups is
  'A cancelled session''s provider meeting whose delete failed; the cron job retries it with backoff until it succeeds or gives up. Service only.';
comment on column public.session_meeting_cleanups.attempts is 'Delete attempts so far, the failed one at cancellation included.';
create index session_meeting_cleanups_due_idx on public.session_meeting_cleanups (next_attempt_at)
  where completed_at is null and gave_up_at is null;
create trigger session_meeting_cleanups_set_updated_at before update on public.session_meeting_cleanups
  for each row execute function public.set_updated_at();
alter table public.session_meeting_cleanups enable row level security;
-- No policies: no browser role reads or writes it (like session_meeting_links).
revoke all on public.session_meeting_cleanups from anon, authenticated;

-- -----------------------------------------------------------------------------
-- The tutor's cancellation rate (last 90 days), for the public profile
-- -----------------------------------------------------------------------------
create or replace function public.tutor_cancellation_rate(tutor_id uuid, as_of timestamptz default now())
returns table (lessons integer, tutor_cancellations integer, rate_bps integer)
language sql stable security definer
set search_path = ''
as $$
  -- A lesson counts when it was due in the window or cancelled in it; the rate is
  -- published only from 5 lessons on, so one early cancellation is not a headline.
  with window_sessions as (
    select coalesce(s.cancellation_policy = 'tutor' and s.cancelled_at > as_of - interval '90 days' and s.cancelled_at <= as_of, false) as is_tutor_cancelled
    from public.sessions s
    where s.tutor_id = tutor_cancellation_rate.tutor_id
      and ((s.scheduled_start_at > as_of - interval '90 days' and s.scheduled_start_at <= as_of)
           or (s.cancelled_at > as_of - interval '90 days' and s.cancelled_at <= as_of))
  )
  select count(*)::int,
         count(*) filter (where is_tutor_cancelled)::int,
         case when count(*) >= 5
           then ((count(*) filter (where is_tutor_cancelled) * 10000 + count(*) / 2) / count(*))::int
         end
  from window_sessions;
$$;
comment on function public.tutor_cancellation_rate(uuid, timestamptz) is
  'Lessons due or cancelled in the 90 days before `as_of`, how many the tutor cancelled, and that share in basis points (half up) once there are at least 5 lessons; null before.';
revoke all on function public.tutor_cancellation_rate(uuid, timestamptz) from public;
grant execute on function public.tutor_cancellation_rate(uuid, timestamptz) to anon, authenticated;
