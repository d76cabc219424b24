-- =============================================================================
-- Platform settings: the fee split in force (DESIGN §4c), one row
-- =============================================================================

create table public.platform_settings (
  id boolean primary key default true check (id),
  completion_payout_bps integer not null default 9000 check (completion_payout_bps between 0 and 10000),
  no_show_charge_bps integer not null default 5000 check (no_show_charge_bps between 0 and 10000),
  no_show_payout_bps integer not null default 4500 check (no_show_payout_bps between 0 and 10000),
  payout_hold_hours integer not null default 24 check (payout_hold_hours between 0 and 720),
  updated_at timestamptz not null default now(),
  check (no_show_payout_bps <= no_show_charge_bps)
);
comment on table public.platform_settings is 'Singleton: the split in force. Sessions copy it when their booking is confirmed, so a change never rewrites a past lesson.';
comment on column public.platform_settings.completion_payout_bps is 'Tutor payout on a completed session, basis points of the price (9000 = 90 %); the platform keeps the remainder.';
comment on column public.platform_settings.no_show_charge_bps is 'Student charge on a student no-show, basis points of the price (5000 = 50 %).';
comment on column public.platform_settings.no_show_payout_bps is 'Tutor payout on a student no-show, basis points of the price (4500 = 45 %).';
comment on column public.platform_settings.payout_hold_hours is 'Escrow: hours a payout is held after the charge (the dispute window).';

insert into public.platform_settings (id) values (true) on conflict do nothing;

create trigger platform_settings_set_updated_at before update on public.platform_settings
  for each row execute function public.set_updated_at();
alter table public.platform_settings enable row level security;

revoke all on public.platform_settings from anon, authenticated;
grant select on public.platform_settings to authenticated;

create policy "Signed-in users can read the platform settings" on public.platform_settings
  for select to authenticated using (true);
