-- =============================================================================
-- Attendance grace: how long after its scheduled end the charge job waits for
-- a Google Meet session's attendance before charging on what is known.
-- =============================================================================

alter table public.platform_settings
  add column attendance_grace_minutes integer not null default 30 check (attendance_grace_minutes between 0 and 1440);
comment on column public.platform_settings.attendance_grace_minutes is
  'Minutes after the scheduled end a Meet session waits for its attendance read; then it is charged on what is known (audited).';
