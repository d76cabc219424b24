-- =============================================================================
-- Ledger: every money movement, idempotent by key (DESIGN §4c)
-- =============================================================================

create table public.ledger_entries (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references public.sessions (id) on delete restrict,
  kind text not null check (kind in ('charge', 'payout', 'platform_fee', 'refund')),
  party_id uuid references public.profiles (id) on delete restrict,
  amount_cents bigint not null check (amount_cents > 0),
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  status text not null check (status in ('posted', 'held', 'released', 'void')),
  release_at timestamptz,
  released_at timestamptz,
  idempotency_key text not null unique,
  created_at timestamptz not null default now(),
  check (kind <> 'payout' or release_at is not null),
  check ((status = 'released') = (released_at is not null)),
  check (status not in ('held', 'released') or kind = 'payout')
);
comment on table public.ledger_entries is 'Money movements in minor units. Payouts are held (escrow) until release_at, then released by the charge job.';
comment on column public.ledger_entries.party_id is 'Who pays (charge: the student) or is paid (payout: the tutor); null for the platform.';
comment on column public.ledger_entries.idempotency_key is 'One row per (session, kind): "session:<id>:<kind>". A retry can never post twice.';

create index ledger_entries_session_id_idx on public.ledger_entries (session_id);
create index ledger_entries_party_id_idx on public.ledger_entries (party_id);
-- The release step's due query.
create index ledger_entries_held_release_at_idx on public.ledger_entries (release_at) where status = 'held';

create trigger ledger_entries_no_delete before delete on public.ledger_entries
  for each row execute function public.prevent_change();
alter table public.ledger_entries enable row level security;

revoke all on public.ledger_entries from anon, authenticated;
grant select on public.ledger_entries to authenticated;

create policy "Users can read ledger entries where they are the party" on public.ledger_entries
  for select to authenticated using (party_id = (select auth.uid()));
create policy "Parents can read their children's charges" on public.ledger_entries
  for select to authenticated using (kind in ('charge', 'refund') and public.is_parent_of(party_id));
create policy "Admins can read every ledger entry" on public.ledger_entries
  for select to authenticated using ((select public.is_admin()));
