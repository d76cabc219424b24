-- =============================================================================
-- The card a charge attempt's current idempotency key goes with (README "Payments").
--
-- A retry with the SAME key (after an unknown outcome or a crashed worker) must send the SAME
-- parameters, or the provider refuses it (Stripe: idempotency_error) while the first call may have
-- charged: so the claim freezes the payer's card on the attempt the first time a key is sent, and
-- only a new key (after a definitive decline) takes the payer's current card.
-- =============================================================================
alter table public.payment_attempts add column sent_customer_ref text check (char_length(sent_customer_ref) between 1 and 255);
alter table public.payment_attempts add column sent_payment_method_ref text check (char_length(sent_payment_method_ref) between 1 and 255);
alter table public.payment_attempts add constraint payment_attempts_sent_card_pair
  check ((sent_customer_ref is null) = (sent_payment_method_ref is null));
comment on column public.payment_attempts.sent_payment_method_ref is
  'Charges: the saved card the current idempotency_key is sent with (frozen at its first claim; cleared when a decline moves to the next key).';
comment on column public.payment_attempts.sent_customer_ref is 'Charges: the customer of sent_payment_method_ref.';
