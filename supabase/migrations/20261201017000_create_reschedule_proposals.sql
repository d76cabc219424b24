-- =============================================================================
-- Reschedule proposals (README "Rescheduling"): either side of a session proposes a new
-- time from the tutor's open slots; the other side accepts or declines; stale ones expire.
-- A pending proposal holds its slot like a pending request: an exclusion constraint here
-- and the slots engine (lib/availability/list-open-slots.ts) both count it as busy time.
-- Written only by server code (lib/bookings/*-reschedule.ts) running as service.
-- =============================================================================

create table public.reschedule_proposals (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references public.sessions (id) on delete cascade,
  booking_id uuid not null references public.bookings (id) on delete cascade,
  tutor_id uuid not null references public.profiles (id),
  student_id uuid not null references public.profiles (id),
  proposed_by uuid not null references public.profiles (id),
  proposed_by_role text not null check (proposed_by_role in ('student', 'parent', 'tutor')),
  start_at timestamptz not null,
  end_at timestamptz not null,
  status text not null default 'pending'
    check (status in ('pending', 'accepted', 'declined', 'expired', 'withdrawn')),
  expires_at timestamptz not null,
  buffer_before_minutes smallint not null default 0 check (buffer_before_minutes between 0 and 120),
  buffer_after_minutes smallint not null default 0 check (buffer_after_minutes between 0 and 120),
  decided_by uuid references public.profiles (id),
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  check (end_at > start_at),
  check (expires_at <= start_at),
  check ((status = 'pending') = (decided_at is null))
);
comment on table public.reschedule_proposals is 'A proposed new time for a session; the other side accepts or declines. A pending one holds its slot.';
comment on column public.reschedule_proposals.expires_at is 'Deadline: 24 h after the proposal or the new slot''s minimum-notice cut-off, whichever is first.';
comment on column public.reschedule_proposals.buffer_before_minutes is 'The tutor''s buffers when proposed, frozen like a booking''s: the exclusion constraint keeps them free.';

-- One open proposal per session.
create unique index reschedule_proposals_one_pending_idx on public.reschedule_proposals (session_id) where status = 'pending';
create index reschedule_proposals_booking_id_idx on public.reschedule_proposals (booking_id);
create index reschedule_proposals_student_id_idx on public.reschedule_proposals (student_id);
create index reschedule_proposals_tutor_id_idx on public.reschedule_proposals (tutor_id);
create index reschedule_proposals_pending_expires_at_idx on public.reschedule_proposals (expires_at) where status = 'pending';

-- Two pending proposals (of different sessions) never hold overlapping time of one tutor, buffers included.
alter table public.reschedule_proposals add constraint reschedule_proposals_tutor_no_overlap exclude using gist (
  tutor_id with =,
  tstzrange(
    public.shift_minutes(start_at, -buffer_before_minutes),
    public.shift_minutes(end_at, buffer_after_minutes),
    '[)'
  ) with &&
) where (status = 'pending');

alter table public.reschedule_proposals enable row level security;

revoke all on public.reschedule_proposals from anon, authenticated;
grant select on public.reschedule_proposals to authenticated;

create policy "Session participants can read its reschedule proposals" on public.reschedule_proposals
  for select to authenticated
  using (student_id = (select auth.uid()) or tutor_id = (select auth.uid()) or public.is_parent_of(student_id));
create policy "Admins can read every reschedule proposal" on public.reschedule_proposals
  for select to authenticated using (public.is_admin());

-- A session that is no longer SCHEDULED (cancelled, charged, no-show) cannot move: whoever changed it,
-- its open proposal lets go of its slot at once.
create or replace function public.close_proposals_of_settled_session() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  update public.reschedule_proposals set status = 'withdrawn', decided_at = now()
  where session_id = new.id and status = 'pending';
  return null;
end;
$$;
comment on function public.close_proposals_of_settled_session() is 'Withdraws the pending reschedule proposal of a session that left SCHEDULED.';
create trigger sessions_close_reschedule_proposals after update of status on public.sessions
  for each row when (old.status = 'SCHEDULED' and new.status <> 'SCHEDULED')
  execute function public.close_proposals_of_settled_session();

-- -----------------------------------------------------------------------------
-- Meeting updates that failed after a reschedule, retried by the cron job
-- -----------------------------------------------------------------------------
create table public.session_meeting_update_retries (
  session_id uuid primary key references public.sessions (id) on delete cascade,
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  last_error text,
  created_at timestamptz not null default now()
);
comment on table public.session_meeting_update_retries is 'Sessions whose provider meeting still has to be moved to the new time (service only).';
create index session_meeting_update_retries_next_idx on public.session_meeting_update_retries (next_attempt_at);
alter table public.session_meeting_update_retries enable row level security;
revoke all on public.session_meeting_update_retries from anon, authenticated;

-- -----------------------------------------------------------------------------
-- Calendar SEQUENCE per session: raised on every reschedule and cancellation
-- -----------------------------------------------------------------------------
alter table public.sessions add column calendar_sequence integer not null default 0 check (calendar_sequence >= 0);
comment on column public.sessions.calendar_sequence is 'iCalendar SEQUENCE of the session''s event: +1 on each reschedule and cancellation.';
grant select (calendar_sequence) on public.sessions to authenticated;

-- Whoever moves or cancels a session (accept-reschedule, cancel-session, an admin fix), the SEQUENCE follows.
create or replace function public.bump_session_calendar_sequence() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.scheduled_start_at is distinct from old.scheduled_start_at
     or new.scheduled_end_at is distinct from old.scheduled_end_at
     or (new.status in ('CANCELLED', 'CANCELLED_LATE') and old.status not in ('CANCELLED', 'CANCELLED_LATE')) then
    new.calendar_sequence := old.calendar_sequence + 1;
  end if;
  return new;
end;
$$;
comment on function public.bump_session_calendar_sequence() is 'Raises sessions.calendar_sequence when the time moves or the session is cancelled.';
create trigger sessions_bump_calendar_sequence before update on public.sessions
  for each row execute function public.bump_session_calendar_sequence();
