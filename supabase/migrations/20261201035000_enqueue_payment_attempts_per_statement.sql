-- =============================================================================
-- The payment attempts outbox is written per statement, not per row (README "Payments").
--
-- The charge job posts thousands of ledger rows in one statement and the release job releases
-- thousands of payouts in one statement; a row-level trigger ran one INSERT (and one payer lookup)
-- per row and halved the charge job's throughput (bench:charges). These statement-level triggers
-- read the statement's transition table and enqueue every attempt in one set-based INSERT, in the
-- same transaction as before. Same rows, same rules as 20261201030000.
-- =============================================================================

drop trigger ledger_entries_enqueue_payment_attempt on public.ledger_entries;
drop trigger ledger_entries_enqueue_transfer on public.ledger_entries;
drop function public.enqueue_payment_attempt_for_ledger_row();
drop function public.enqueue_transfer_for_released_payout();

-- Charges and refunds are collected from the payer: whoever requested the booking (student or parent).
create or replace function public.enqueue_payment_attempts_for_ledger_rows() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into public.payment_attempts (ledger_entry_id, session_id, kind, party_id, amount_cents, currency, idempotency_key)
  select n.id, n.session_id, n.kind, b.requested_by, n.amount_cents, n.currency, n.idempotency_key
  from new_rows n
  join public.sessions s on s.id = n.session_id
  join public.bookings b on b.id = s.booking_id
  where n.kind in ('charge', 'refund');
  return null;
end;
$$;
comment on function public.enqueue_payment_attempts_for_ledger_rows() is
  'After INSERT on ledger_entries (per statement): one payment attempt per charge and refund row, party = the booking''s requester.';
revoke all on function public.enqueue_payment_attempts_for_ledger_rows() from public, anon, authenticated;
create trigger ledger_entries_enqueue_payment_attempts after insert on public.ledger_entries
  referencing new table as new_rows
  for each statement execute function public.enqueue_payment_attempts_for_ledger_rows();

-- A released payout is transferred to the tutor: the payout less any reversals (a partial refund). A tutor
-- without an enabled payee account accrues it (awaiting_payee) until onboarding enables payouts.
-- (Transition tables cannot be combined with a column list, hence "after update" and the status test.)
create or replace function public.enqueue_transfers_for_released_payouts() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into public.payment_attempts (ledger_entry_id, session_id, kind, party_id, amount_cents, currency, idempotency_key, status)
  select n.id, n.session_id, 'transfer', n.party_id, net.amount_cents, n.currency, n.idempotency_key,
         case when exists (select 1 from public.payee_accounts p where p.tutor_id = n.party_id and p.payouts_enabled)
              then 'pending' else 'awaiting_payee' end
  from new_rows n
  join old_rows o on o.id = n.id
  cross join lateral (
    select n.amount_cents - coalesce(sum(r.amount_cents), 0) as amount_cents
    from public.ledger_entries r where r.session_id = n.session_id and r.kind = 'payout_reversal'
  ) net
  where n.kind = 'payout' and n.status = 'released' and o.status is distinct from 'released'
    and n.party_id is not null and net.amount_cents > 0
  on conflict (ledger_entry_id) do nothing;
  return null;
end;
$$;
comment on function public.enqueue_transfers_for_released_payouts() is
  'After UPDATE on ledger_entries (per statement): a transfer attempt for every payout that became released, of the net payout.';
revoke all on function public.enqueue_transfers_for_released_payouts() from public, anon, authenticated;
create trigger ledger_entries_enqueue_transfers after update on public.ledger_entries
  referencing old table as old_rows new table as new_rows
  for each statement execute function public.enqueue_transfers_for_released_payouts();
