-- =============================================================================
-- Re-assert the definitions that earlier migrations changed in place.
-- 20261121000100, 000200, 000400, 000500 and 003000 were edited after they had been
-- applied; a database migrated before those edits kept the old definitions (among
-- them a security definer booking trigger). Everything here is idempotent: on a
-- database created from today's files it changes nothing.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Time zone validity (20261121000100, 000200): the helper, and the checks using it.
-- handle_new_user (last defined in 20261121003000) calls it.
-- -----------------------------------------------------------------------------
-- Immutable in practice: the zone database changes only with a Postgres upgrade.
create or replace function public.is_valid_timezone(zone text) returns boolean
language plpgsql immutable strict
set search_path = ''
as $$
begin
  perform now() at time zone zone;
  return true;
exception when invalid_parameter_value then
  return false;
end;
$$;
comment on function public.is_valid_timezone(text) is 'True for a time zone name Postgres knows (IANA).';

-- Rows written under the old, looser check fall back to the platform's zone, as sign-up does.
update public.profiles set timezone = 'America/Port_of_Spain'
  where char_length(timezone) > 64 or not public.is_valid_timezone(timezone);
update public.tutor_availability set timezone = 'America/Port_of_Spain'
  where char_length(timezone) > 64 or not public.is_valid_timezone(timezone);

alter table public.profiles drop constraint if exists profiles_timezone_check;
alter table public.profiles add constraint profiles_timezone_check
  check (char_length(timezone) <= 64 and public.is_valid_timezone(timezone));
alter table public.tutor_availability drop constraint if exists tutor_availability_timezone_check;
alter table public.tutor_availability add constraint tutor_availability_timezone_check
  check (char_length(timezone) <= 64 and public.is_valid_timezone(timezone));

-- -----------------------------------------------------------------------------
-- Booking requests (20261121000400): the trigger runs as the caller.
-- -----------------------------------------------------------------------------
-- security invoker: current_user must be the caller's role (a definer function would see its owner).
create or replace function public.bookings_prepare_request() returns trigger
language plpgsql security invoker
set search_path = ''
as $$
declare
  hourly_price bigint;
  tutor_currency text;
  minutes numeric;
begin
  if current_user not in ('authenticated', 'anon') then
    return new; -- service code sets every column itself
  end if;
  select ts.price_cents, ts.currency into hourly_price, tutor_currency
  from public.tutor_subjects ts
  where ts.tutor_id = new.tutor_id and ts.subject_id = new.subject_id;
  if hourly_price is null then
    raise exception 'this tutor does not teach that subject' using errcode = '23514';
  end if;
  minutes := extract(epoch from new.requested_end_at - new.requested_start_at) / 60;
  new.price_cents := round(hourly_price * minutes / 60);
  new.currency := tutor_currency;
  new.status := 'pending';
  new.confirmed_start_at := null;
  new.confirmed_end_at := null;
  new.decided_at := null;
  new.requested_by := (select auth.uid());
  return new;
end;
$$;

-- -----------------------------------------------------------------------------
-- Audit log actors (20261121000500): restrict, not set null — the log is
-- append-only, so an actor's row can't be rewritten.
-- -----------------------------------------------------------------------------
do $$
declare
  fk record;
begin
  for fk in
    select c.conname from pg_catalog.pg_constraint c
    where c.conrelid = 'public.session_events'::regclass and c.contype = 'f'
      and c.conkey = array[(select a.attnum from pg_catalog.pg_attribute a
                            where a.attrelid = c.conrelid and a.attname = 'actor_id')]
  loop
    execute format('alter table public.session_events drop constraint %I', fk.conname);
  end loop;
end;
$$;
alter table public.session_events add constraint session_events_actor_id_fkey
  foreign key (actor_id) references public.profiles (id) on delete restrict;

-- -----------------------------------------------------------------------------
-- Foreign-key indexes added in place (20261121000400, 000500)
-- -----------------------------------------------------------------------------
create index if not exists bookings_subject_id_idx on public.bookings (subject_id);
create index if not exists bookings_requested_by_idx on public.bookings (requested_by);
create index if not exists sessions_subject_id_idx on public.sessions (subject_id);
create index if not exists session_events_actor_id_idx on public.session_events (actor_id) where actor_id is not null;

-- -----------------------------------------------------------------------------
-- Parent link invitations (20261121003000): a parent may withdraw their own.
-- -----------------------------------------------------------------------------
comment on table public.parent_link_invitations is
  'A parent''s request to follow a child whose email has no student account yet; becomes a pending parent_students row (and is deleted) when a student signs up with that email. Written only by security definer functions; the parent may delete (withdraw) their own.';
grant delete on public.parent_link_invitations to authenticated;
drop policy if exists "Parents can cancel their own invitations" on public.parent_link_invitations;
-- A mistyped email must not hold one of the parent's few request slots for good.
create policy "Parents can cancel their own invitations" on public.parent_link_invitations
  for delete to authenticated using (parent_id = (select auth.uid()));
