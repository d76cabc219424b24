-- =============================================================================
-- The cancellation policy (README "Cancellation policy"): a platform setting,
-- frozen on each session when its booking is confirmed, like the fee split.
-- =============================================================================

alter table public.platform_settings
  add column free_cancel_hours integer not null default 24 check (free_cancel_hours between 0 and 168),
  add column late_cancel_charge_bps integer not null default 5000 check (late_cancel_charge_bps between 0 and 10000),
  add column late_cancel_payout_bps integer not null default 4500 check (late_cancel_payout_bps between 0 and 10000),
  add constraint platform_settings_late_cancel_split check (late_cancel_payout_bps <= late_cancel_charge_bps);
comment on column public.platform_settings.free_cancel_hours is 'A student or parent cancelling at least this many hours before the start pays nothing.';
comment on column public.platform_settings.late_cancel_charge_bps is 'Charge for a later cancellation by the student side, basis points of the price (5000 = 50 %).';
comment on column public.platform_settings.late_cancel_payout_bps is 'Tutor payout on a late cancellation, basis points of the price (4500 = 45 %); the platform keeps the rest.';

-- Existing sessions get the defaults, which were the policy the product announced.
alter table public.sessions
  add column free_cancel_hours integer not null default 24 check (free_cancel_hours between 0 and 168),
  add column late_cancel_charge_bps integer not null default 5000 check (late_cancel_charge_bps between 0 and 10000),
  add column late_cancel_payout_bps integer not null default 4500 check (late_cancel_payout_bps between 0 and 10000),
  add constraint sessions_late_cancel_split check (late_cancel_payout_bps <= late_cancel_charge_bps);
comment on column public.sessions.free_cancel_hours is 'Frozen from platform_settings at confirmation.';
comment on column public.sessions.late_cancel_charge_bps is 'Frozen from platform_settings at confirmation.';
comment on column public.sessions.late_cancel_payout_bps is 'Frozen from platform_settings at confirmation; the payout side, not readable by students or parents.';

-- The policy a payer is held to is theirs to read; the payout side stays private (like no_show_payout_bps).
grant select (free_cancel_hours, late_cancel_charge_bps) on public.sessions to authenticated;
