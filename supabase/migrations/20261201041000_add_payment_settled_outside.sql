-- =============================================================================
-- Settling a payment outside the payment provider (README "Payments").
--
-- With the manual provider every charge, refund and payout transfer is `manual_due`, and a failed
-- refund or transfer is money still owed to a payer or a tutor: an admin settles these by bank
-- transfer, cash or cheque and records it (lib/payments/settle-outside-provider.ts). The attempt
-- becomes `succeeded` through the single writer, with the admin's reference (bank reference, receipt
-- number) as its provider_ref, and `settled_outside_by` names the admin who recorded it. A non-null
-- settled_outside_by means provider_ref is NOT an id at the payment provider: nothing may hand it to
-- the provider (the receipt does not read a card with it; a refund of such a charge is due by hand).
-- The decision is an admin_decisions row with the new outcome `settled_outside`.
-- =============================================================================

alter table public.payment_attempts add column settled_outside_by uuid references public.profiles (id) on delete restrict;
alter table public.payment_attempts add constraint payment_attempts_settled_outside_succeeded
  check (settled_outside_by is null or status = 'succeeded');
comment on column public.payment_attempts.settled_outside_by is
  'The admin who recorded this attempt as settled outside the payment provider (bank transfer, cash, cheque); '
  'then provider_ref is the admin''s reference, not a provider id, and must never be sent to the provider. Null otherwise.';

alter table public.admin_decisions drop constraint admin_decisions_outcome_check;
alter table public.admin_decisions add constraint admin_decisions_outcome_check check (outcome in (
  'refund_full', 'refund_partial', 'release',               -- disputes
  'charge_full', 'charge_pro_rata', 'no_charge',            -- early ends
  'retry', 'write_off', 'settled_outside'                   -- failed payments; manual_due ones (settled_outside only)
));
