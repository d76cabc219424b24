-- =============================================================================
-- When an attempt's current idempotency key was first sent (README "Payments").
--
-- Stripe keeps an idempotency key for 24 hours; after that the same key makes a NEW object. A
-- retry with the same key (after an unknown outcome, a crashed worker, or an admin's retry after
-- calls that kept erroring) more than 23 hours after the key was first sent could therefore charge,
-- refund or pay a second time. The workers look for what the key created (the provider's objects
-- carry it in their metadata) before sending it again that late. The claim stamps the time the
-- first time the key is sent; a new key clears it (the trigger below, whoever changes the key).
-- =============================================================================
alter table public.payment_attempts add column key_sent_at timestamptz;
comment on column public.payment_attempts.key_sent_at is
  'When the current idempotency_key was first claimed to be sent; null until then and again after the key changes.';

create or replace function public.payment_attempts_reset_key_sent_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.idempotency_key is distinct from old.idempotency_key then
    new.key_sent_at := null;
  end if;
  return new;
end;
$$;
comment on function public.payment_attempts_reset_key_sent_at() is
  'A new idempotency key has not been sent yet: its key_sent_at starts empty.';
create trigger payment_attempts_reset_key_sent_at before update of idempotency_key on public.payment_attempts
  for each row execute function public.payment_attempts_reset_key_sent_at();
