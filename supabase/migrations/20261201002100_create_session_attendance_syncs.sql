-- =============================================================================
-- Attendance sync state: Google sends no Meet webhooks, so the cron tick reads
-- each due Meet session's conference records. This table makes that step
-- bounded and retryable per session (attempts, backoff), and tells the charge
-- job whether a session's attendance is known yet (lib/jobs/sync-attendance.ts).
-- =============================================================================

create table public.session_attendance_syncs (
  session_id uuid primary key references public.sessions (id) on delete cascade,
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  synced_at timestamptz,
  last_error text check (length(last_error) <= 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.session_attendance_syncs is 'Per-session state of reading attendance from a provider without webhooks (Google Meet). Service only.';
comment on column public.session_attendance_syncs.synced_at is 'Last successful read; the charge job waits (up to platform_settings.attendance_grace_minutes) until it is set.';
comment on column public.session_attendance_syncs.next_attempt_at is 'Backoff: no new attempt before this instant after a failure.';

-- The sync step's "who is next" probe.
create index session_attendance_syncs_pending_idx on public.session_attendance_syncs (next_attempt_at) where synced_at is null;
create trigger session_attendance_syncs_set_updated_at before update on public.session_attendance_syncs
  for each row execute function public.set_updated_at();
alter table public.session_attendance_syncs enable row level security;
revoke all on public.session_attendance_syncs from anon, authenticated;
