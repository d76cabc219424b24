-- =============================================================================
-- Money for real (README "Payments"): saved payment methods, the payment attempts outbox,
-- tutors' payee accounts, provider webhook events, disputes, admin decisions, refunds.
--
-- The ledger stays the truth of what is owed; payment_attempts is how each ledger row is
-- settled at the payment provider, one attempt row per ledger row, written by triggers in the
-- transaction that posts (or releases) the row, so no charge, refund or transfer is ever lost.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Ledger: reversal kinds for refunds and the provider's id on each row
-- -----------------------------------------------------------------------------
alter table public.ledger_entries drop constraint ledger_entries_kind_check;
alter table public.ledger_entries add constraint ledger_entries_kind_check
  check (kind in ('charge', 'payout', 'platform_fee', 'refund', 'payout_reversal', 'fee_reversal'));
alter table public.ledger_entries add column provider_ref text check (provider_ref is null or char_length(provider_ref) between 1 and 255);
comment on column public.ledger_entries.provider_ref is
  'The payment provider''s id once settled: the PaymentIntent (charge), Refund (refund) or Transfer (payout). Written by the collection jobs.';
comment on column public.ledger_entries.kind is
  'charge (payer → platform), payout (platform → tutor, held then released), platform_fee, refund (platform → payer), and the '
  'payout_reversal / fee_reversal rows a refund writes so that payout + fee − reversals = charge − refunds.';

-- -----------------------------------------------------------------------------
-- Sessions: a tutor no-show, and the admin's resolution of a short lesson
-- -----------------------------------------------------------------------------
alter table public.sessions drop constraint sessions_status_check;
alter table public.sessions add constraint sessions_status_check
  check (status in ('SCHEDULED', 'NO_SHOW_STUDENT', 'NO_SHOW_TUTOR', 'COMPLETED_ASSUMED', 'EARLY_END_SHORT', 'CANCELLED', 'CANCELLED_LATE'));
alter table public.sessions add column early_end_resolution text
  check (early_end_resolution in ('charge_full', 'charge_pro_rata', 'no_charge'));
alter table public.sessions add column early_end_resolved_at timestamptz;
alter table public.sessions add constraint sessions_early_end_resolution_only_short
  check ((early_end_resolution is null or status = 'EARLY_END_SHORT') and ((early_end_resolution is null) = (early_end_resolved_at is null)));
comment on column public.sessions.early_end_resolution is 'The admin''s decision on an EARLY_END_SHORT lesson; null while it waits in the admin queue.';
-- A tutor no-show is a charged lesson refunded in full (it was charged at its end, then disputed);
-- a short lesson is charged only when the admin decides so.
alter table public.sessions drop constraint sessions_charged_iff_charged_status;
alter table public.sessions add constraint sessions_charged_iff_charged_status
  check ((status in ('COMPLETED_ASSUMED', 'NO_SHOW_STUDENT', 'NO_SHOW_TUTOR', 'CANCELLED_LATE')
          or (status = 'EARLY_END_SHORT' and early_end_resolution in ('charge_full', 'charge_pro_rata'))) = (charged_at is not null));
grant select (early_end_resolution, early_end_resolved_at) on public.sessions to authenticated;

-- -----------------------------------------------------------------------------
-- payment_methods: the payer's saved card (one per user; a parent pays with their own)
-- -----------------------------------------------------------------------------
create table public.payment_methods (
  user_id uuid primary key references public.profiles (id) on delete restrict,
  provider text not null check (provider in ('stripe')),
  customer_ref text not null check (char_length(customer_ref) between 1 and 255),
  -- null until the payer finishes the setup Checkout
  payment_method_ref text check (char_length(payment_method_ref) between 1 and 255),
  brand text check (char_length(brand) between 1 and 40),
  last4 text check (last4 ~ '^[0-9]{4}$'),
  exp_month smallint check (exp_month between 1 and 12),
  exp_year smallint check (exp_year between 2000 and 2200),
  saved_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((payment_method_ref is null) = (saved_at is null)),
  check (payment_method_ref is null or (brand is not null and last4 is not null))
);
comment on table public.payment_methods is
  'The payer''s customer at the payment provider and the card saved through a setup Checkout (brand + last 4 only; never a card number).';
create trigger payment_methods_set_updated_at before update on public.payment_methods
  for each row execute function public.set_updated_at();
alter table public.payment_methods enable row level security;
revoke all on public.payment_methods from anon, authenticated;
grant select on public.payment_methods to authenticated;
create policy "Users can read their own payment method" on public.payment_methods
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Admins can read every payment method" on public.payment_methods
  for select to authenticated using ((select public.is_admin()));

-- -----------------------------------------------------------------------------
-- payee_accounts: the tutor's connected account (Stripe Connect Express)
-- -----------------------------------------------------------------------------
create table public.payee_accounts (
  tutor_id uuid primary key references public.profiles (id) on delete restrict,
  provider text not null check (provider in ('stripe')),
  account_ref text not null unique check (char_length(account_ref) between 1 and 255),
  payouts_enabled boolean not null default false,
  details_submitted boolean not null default false,
  onboarded_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (payouts_enabled = (onboarded_at is not null))
);
comment on table public.payee_accounts is
  'A tutor''s connected account. Transfers wait (awaiting_payee) until payouts_enabled; account.updated webhooks keep it true.';
create trigger payee_accounts_set_updated_at before update on public.payee_accounts
  for each row execute function public.set_updated_at();
alter table public.payee_accounts enable row level security;
revoke all on public.payee_accounts from anon, authenticated;
grant select on public.payee_accounts to authenticated;
create policy "Tutors can read their own payee account" on public.payee_accounts
  for select to authenticated using (tutor_id = (select auth.uid()));
create policy "Admins can read every payee account" on public.payee_accounts
  for select to authenticated using ((select public.is_admin()));

-- -----------------------------------------------------------------------------
-- payment_attempts: the outbox that settles ledger rows at the provider
-- -----------------------------------------------------------------------------
create table public.payment_attempts (
  id uuid primary key default gen_random_uuid(),
  ledger_entry_id uuid not null unique references public.ledger_entries (id) on delete restrict,
  session_id uuid not null references public.sessions (id) on delete restrict,
  kind text not null check (kind in ('charge', 'refund', 'transfer')),
  -- who pays (charge, refund: the booking's requester, the student or their parent) or is paid (transfer: the tutor)
  party_id uuid not null references public.profiles (id) on delete restrict,
  amount_cents bigint not null check (amount_cents > 0),
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  status text not null default 'pending' check (status in (
    'pending',          -- due at next_attempt_at
    'processing',       -- leased by a worker until lease_until
    'succeeded',        -- settled; provider_ref set
    'action_required',  -- declined or needs authentication: the payer completes it on-session; retried too
    'awaiting_payee',   -- a transfer to a tutor not yet onboarded (accrues; sent on onboarding)
    'manual_due',       -- the manual provider: an amount due shown to the payer / a payout in the admin's CSV
    'failed',           -- gave up after the last retry: in the admin's failed-payments queue
    'cancelled'         -- nothing to settle any more (e.g. refunded before it was collected)
  )),
  attempt_count integer not null default 0 check (attempt_count >= 0),
  next_attempt_at timestamptz not null default now(),
  lease_until timestamptz,
  -- the idempotency key of the current provider call: the ledger key, then "<key>:retry:<n>" after a decline
  idempotency_key text not null check (char_length(idempotency_key) between 1 and 255),
  provider_ref text check (char_length(provider_ref) between 1 and 255),
  last_error_code text check (char_length(last_error_code) <= 100),
  last_error_message text check (char_length(last_error_message) <= 1000),
  succeeded_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'succeeded') = (succeeded_at is not null)),
  check (status <> 'succeeded' or provider_ref is not null),
  check (status <> 'processing' or lease_until is not null)
);
comment on table public.payment_attempts is
  'One row per ledger row to settle at the payment provider (charge, refund, payout transfer). Written by triggers on '
  'ledger_entries in the posting transaction; worked by lib/payments (SKIP LOCKED, lease, backoff, provider rate limits).';
create index payment_attempts_due_idx on public.payment_attempts (next_attempt_at) where status in ('pending', 'action_required', 'processing');
create index payment_attempts_session_id_idx on public.payment_attempts (session_id);
create index payment_attempts_party_id_idx on public.payment_attempts (party_id);
create index payment_attempts_awaiting_payee_idx on public.payment_attempts (party_id) where status = 'awaiting_payee';
create trigger payment_attempts_set_updated_at before update on public.payment_attempts
  for each row execute function public.set_updated_at();
create trigger payment_attempts_no_delete before delete on public.payment_attempts
  for each row execute function public.prevent_change();
alter table public.payment_attempts enable row level security;
revoke all on public.payment_attempts from anon, authenticated;
grant select on public.payment_attempts to authenticated;
create policy "Users can read the payment attempts they pay or are paid by" on public.payment_attempts
  for select to authenticated using (party_id = (select auth.uid()));
create policy "Admins can read every payment attempt" on public.payment_attempts
  for select to authenticated using ((select public.is_admin()));

-- Who pays for a session: whoever requested its booking (the student, or the parent who booked for them).
create or replace function public.session_payer_id(session_id uuid) returns uuid
language sql stable security definer
set search_path = ''
as $$
  select b.requested_by from public.sessions s join public.bookings b on b.id = s.booking_id where s.id = session_payer_id.session_id;
$$;
comment on function public.session_payer_id(uuid) is 'The booking''s requester: who is charged and refunded at the payment provider.';
revoke all on function public.session_payer_id(uuid) from public, anon, authenticated;

-- Charges and refunds are collected from the payer; a refund's attempt is created in the same transaction as its row.
create or replace function public.enqueue_payment_attempt_for_ledger_row() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.kind in ('charge', 'refund') then
    insert into public.payment_attempts (ledger_entry_id, session_id, kind, party_id, amount_cents, currency, idempotency_key)
    values (new.id, new.session_id, new.kind, public.session_payer_id(new.session_id), new.amount_cents, new.currency, new.idempotency_key);
  end if;
  return new;
end;
$$;
create trigger ledger_entries_enqueue_payment_attempt after insert on public.ledger_entries
  for each row execute function public.enqueue_payment_attempt_for_ledger_row();

-- A released payout is transferred to the tutor: the payout less any reversals (a partial refund).
-- A tutor without an enabled payee account accrues it (awaiting_payee) until onboarding.
create or replace function public.enqueue_transfer_for_released_payout() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  net bigint;
begin
  if new.kind = 'payout' and new.status = 'released' and old.status is distinct from 'released' and new.party_id is not null then
    select new.amount_cents - coalesce(sum(r.amount_cents), 0) into net
    from public.ledger_entries r where r.session_id = new.session_id and r.kind = 'payout_reversal';
    if net > 0 then
      insert into public.payment_attempts (ledger_entry_id, session_id, kind, party_id, amount_cents, currency, idempotency_key, status)
      values (new.id, new.session_id, 'transfer', new.party_id, net, new.currency, new.idempotency_key,
              case when exists (select 1 from public.payee_accounts p where p.tutor_id = new.party_id and p.payouts_enabled)
                   then 'pending' else 'awaiting_payee' end)
      on conflict (ledger_entry_id) do nothing;
    end if;
  end if;
  return new;
end;
$$;
create trigger ledger_entries_enqueue_transfer after update of status on public.ledger_entries
  for each row execute function public.enqueue_transfer_for_released_payout();

-- -----------------------------------------------------------------------------
-- payment_webhook_events: each provider event handled once (idempotent by event id)
-- -----------------------------------------------------------------------------
create table public.payment_webhook_events (
  event_id text primary key check (char_length(event_id) between 1 and 255),
  provider text not null check (provider in ('stripe')),
  type text not null check (char_length(type) between 1 and 100),
  -- the provider's creation time: lets handlers ignore an older event after a newer one (out of order delivery)
  provider_created_at timestamptz not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz
);
comment on table public.payment_webhook_events is 'Verified payment provider webhook events by id: a replay finds its row and changes nothing.';
alter table public.payment_webhook_events enable row level security;
revoke all on public.payment_webhook_events from anon, authenticated;
grant select on public.payment_webhook_events to authenticated;
create policy "Admins can read payment webhook events" on public.payment_webhook_events
  for select to authenticated using ((select public.is_admin()));

-- -----------------------------------------------------------------------------
-- disputes: "the tutor didn't show" or "a problem with the lesson", within the hold window
-- -----------------------------------------------------------------------------
create table public.disputes (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null unique references public.sessions (id) on delete restrict,
  tutor_id uuid not null references public.profiles (id) on delete restrict,
  student_id uuid not null references public.profiles (id) on delete restrict,
  opened_by uuid not null references public.profiles (id) on delete restrict,
  kind text not null check (kind in ('tutor_no_show', 'lesson_problem')),
  description text not null check (char_length(description) between 10 and 2000),
  status text not null check (status in (
    'accepted',   -- decided at once by the evidence: NO_SHOW_TUTOR, full refund
    'open',       -- waiting for the tutor's response (respond_by)
    'responded',  -- the tutor answered: waiting for an admin
    'resolved'    -- an admin decided
  )),
  outcome text check (outcome in ('refund_full', 'refund_partial', 'release')),
  refund_cents bigint check (refund_cents >= 0),
  respond_by timestamptz not null,
  tutor_response text check (char_length(tutor_response) between 1 and 2000),
  responded_at timestamptz,
  resolved_at timestamptz,
  resolved_by uuid references public.profiles (id) on delete restrict,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((tutor_response is null) = (responded_at is null)),
  check ((status in ('accepted', 'resolved')) = (resolved_at is not null)),
  check ((status in ('accepted', 'resolved')) = (outcome is not null)),
  check (status <> 'accepted' or (kind = 'tutor_no_show' and outcome = 'refund_full')),
  check (outcome is distinct from 'release' or refund_cents is null or refund_cents = 0)
);
comment on table public.disputes is
  'A payer''s report on a charged lesson. While open or responded it freezes the payout (release-due-payouts skips it).';
create index disputes_tutor_id_idx on public.disputes (tutor_id);
create index disputes_student_id_idx on public.disputes (student_id);
create index disputes_opened_by_idx on public.disputes (opened_by);
create index disputes_unresolved_idx on public.disputes (created_at) where status in ('open', 'responded');
create trigger disputes_set_updated_at before update on public.disputes
  for each row execute function public.set_updated_at();
alter table public.disputes enable row level security;
revoke all on public.disputes from anon, authenticated;
grant select on public.disputes to authenticated;
create policy "Session participants can read its dispute" on public.disputes
  for select to authenticated using (
    tutor_id = (select auth.uid()) or student_id = (select auth.uid()) or opened_by = (select auth.uid())
    or public.is_parent_of(student_id)
  );
create policy "Admins can read every dispute" on public.disputes
  for select to authenticated using ((select public.is_admin()));

-- An unresolved dispute on a session: its payout must not be released.
create or replace function public.is_session_disputed(session_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from public.disputes d where d.session_id = is_session_disputed.session_id and d.status in ('open', 'responded'));
$$;
revoke all on function public.is_session_disputed(uuid) from public, anon;
grant execute on function public.is_session_disputed(uuid) to authenticated;

-- -----------------------------------------------------------------------------
-- admin_decisions: one decision per subject, with its reason (a double click cannot decide twice)
-- -----------------------------------------------------------------------------
create table public.admin_decisions (
  id uuid primary key default gen_random_uuid(),
  subject_type text not null check (subject_type in ('dispute', 'early_end', 'payment_attempt')),
  subject_id uuid not null,
  session_id uuid not null references public.sessions (id) on delete restrict,
  admin_id uuid not null references public.profiles (id) on delete restrict,
  outcome text not null check (outcome in (
    'refund_full', 'refund_partial', 'release',               -- disputes
    'charge_full', 'charge_pro_rata', 'no_charge',            -- early ends
    'retry', 'write_off'                                      -- failed payments
  )),
  amount_cents bigint check (amount_cents >= 0),
  reason text not null check (char_length(btrim(reason)) between 3 and 2000),
  created_at timestamptz not null default now(),
  constraint admin_decisions_one_per_subject unique (subject_type, subject_id)
);
comment on table public.admin_decisions is 'An admin''s decision on a dispute, an early end or a failed payment; audited, one per subject.';
create index admin_decisions_session_id_idx on public.admin_decisions (session_id);
create trigger admin_decisions_no_change before update or delete on public.admin_decisions
  for each row execute function public.prevent_change();
alter table public.admin_decisions enable row level security;
revoke all on public.admin_decisions from anon, authenticated;
grant select on public.admin_decisions to authenticated;
create policy "Admins can read admin decisions" on public.admin_decisions
  for select to authenticated using ((select public.is_admin()));

-- -----------------------------------------------------------------------------
-- Ratings: a disputed lesson, a tutor no-show, is not ratable (lib/ratings/rating-rules.ts)
-- -----------------------------------------------------------------------------
create or replace function public.is_session_ratable(session_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select coalesce((
    select s.status = 'COMPLETED_ASSUMED' and not exists (
      select 1 from public.disputes d
      where d.session_id = s.id and (d.status in ('open', 'responded', 'accepted') or d.outcome in ('refund_full', 'refund_partial'))
    )
    from public.sessions s
    where s.id = is_session_ratable.session_id
  ), false);
$$;
comment on function public.is_session_ratable(uuid) is
  'True for a lesson that may be rated and whose rating is public: COMPLETED_ASSUMED, not under dispute and not refunded by one.';

-- The tutor's cached rating (tutor_profiles.rating_average/count) follows a dispute's effect on ratability.
create or replace function public.refresh_tutor_rating_on_dispute() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform public.refresh_tutor_rating(new.tutor_id);
  return new;
end;
$$;
comment on function public.refresh_tutor_rating_on_dispute() is 'Refreshes the cached rating summary when a dispute opens, is accepted or is decided.';
revoke all on function public.refresh_tutor_rating_on_dispute() from public, anon, authenticated;
create trigger disputes_refresh_tutor_rating after insert or update of status, outcome on public.disputes
  for each row execute function public.refresh_tutor_rating_on_dispute();
revoke all on function public.enqueue_payment_attempt_for_ledger_row() from public, anon, authenticated;
revoke all on function public.enqueue_transfer_for_released_payout() from public, anon, authenticated;
