-- =============================================================================
-- A failed payment can be decided again after a retry the admin chose fails again
-- (README "Payments"). admin_decisions kept one decision per subject, so a charge retried by an
-- admin that failed once more stayed in the failed-payments queue with no way to retry or write
-- it off. A decision now has a round: disputes and early ends are decided once (round 1); a
-- failed payment gets one decision per failure (round n), still one per round, so a double click
-- cannot decide twice.
-- =============================================================================

alter table public.admin_decisions add column round smallint not null default 1 check (round >= 1);
alter table public.admin_decisions drop constraint admin_decisions_one_per_subject;
alter table public.admin_decisions add constraint admin_decisions_one_per_subject_round unique (subject_type, subject_id, round);
alter table public.admin_decisions add constraint admin_decisions_one_round_unless_payment
  check (round = 1 or subject_type = 'payment_attempt');
comment on column public.admin_decisions.round is
  'Which decision on the subject this is: 1 for disputes and early ends; a failed payment retried by an admin that failed again gets round 2, and so on.';
