-- =============================================================================
-- Provider events that matched no session keep their idempotency key, but the
-- personal data in their payload (participant name, email) must not outlive
-- 30 days. session_events stays append-only: the trigger now allows exactly one
-- change, the redaction below of an unmatched event older than 30 days, and
-- nothing else (no delete, no other column, no matched event, nothing newer).
-- =============================================================================

-- -----------------------------------------------------------------------------
-- The redaction itself: participant identity removed, the rest kept.
-- -----------------------------------------------------------------------------
create or replace function public.redact_provider_event_payload(payload jsonb) returns jsonb
language sql immutable strict
set search_path = ''
as $$
  select case
    when jsonb_typeof(payload -> 'participant') = 'object'
      then jsonb_set(payload, '{participant}', (payload -> 'participant') - 'name' - 'email' - 'user_name')
    else payload
  end || '{"personal_data_purged": true}'::jsonb;
$$;
comment on function public.redact_provider_event_payload(jsonb) is 'An unmatched provider event''s payload without participant name or email.';

-- -----------------------------------------------------------------------------
-- The append-only guard of session_events, with that one exception.
-- -----------------------------------------------------------------------------
create or replace function public.session_events_guard() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE'
     and old.session_id is null and new.session_id is null
     and old.at < now() - interval '30 days'
     and not (old.payload ? 'personal_data_purged')
     and new.payload = public.redact_provider_event_payload(old.payload)
     and (new.id, new.type, new.actor_id, new.actor_role, new.provider_event_id, new.at)
         is not distinct from (old.id, old.type, old.actor_id, old.actor_role, old.provider_event_id, old.at) then
    return new;
  end if;
  raise exception '% is append-only', tg_table_name using errcode = '42501';
end;
$$;
comment on function public.session_events_guard() is 'Append-only, except the redaction of an unmatched provider event older than 30 days.';

drop trigger session_events_append_only on public.session_events;
create trigger session_events_append_only before update or delete on public.session_events
  for each row execute function public.session_events_guard();

-- -----------------------------------------------------------------------------
-- What the cron tick calls (lib/jobs/purge-unmatched-provider-events.ts).
-- -----------------------------------------------------------------------------
create or replace function public.purge_unmatched_provider_events() returns integer
language sql
set search_path = ''
as $$
  with purged as (
    update public.session_events
    set payload = public.redact_provider_event_payload(payload)
    where session_id is null and at < now() - interval '30 days' and not (payload ? 'personal_data_purged')
    returning 1
  )
  select count(*)::integer from purged;
$$;
comment on function public.purge_unmatched_provider_events() is 'Redacts the personal data of provider events that matched no session, 30 days after they arrived.';
revoke all on function public.purge_unmatched_provider_events() from public, anon, authenticated;

create index session_events_unmatched_at_idx on public.session_events (at) where session_id is null;
