-- =============================================================================
-- Disputes freeze payouts (README "Disputes and refunds"): the release job's last check.
--
-- releaseDuePayouts selects due payouts without an unresolved dispute, then locks them
-- (FOR UPDATE SKIP LOCKED). openDispute locks the payout row before it inserts the dispute, so
-- one of the two waits for the other — but a statement's snapshot predates its row locks: a
-- dispute committed between the release statement's start and its lock would be invisible to
-- a stable check. This function is VOLATILE, so under READ COMMITTED each call reads with a
-- fresh snapshot; called in the UPDATE, after the lock is held, it sees every dispute committed
-- before the lock, and a payout is never released while its lesson is disputed.
-- =============================================================================

create or replace function public.is_payout_frozen_by_dispute(session_id uuid) returns boolean
language sql volatile security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.disputes d
    where d.session_id = is_payout_frozen_by_dispute.session_id and d.status in ('open', 'responded')
  );
$$;
comment on function public.is_payout_frozen_by_dispute(uuid) is
  'Volatile twin of is_session_disputed for the release job: read after the payout row is locked, with a fresh snapshot.';
revoke all on function public.is_payout_frozen_by_dispute(uuid) from public, anon, authenticated;
