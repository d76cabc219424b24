-- =============================================================================
-- Browse's "bookable" filter as a column: public.is_tutor_bookable(id) per row is
-- a security definer call per tutor (tens of ms over 10 000 tutors). The column
-- caches exactly that answer, kept true by a trigger on every change to a
-- tutor's video connections, and reveals nothing more than the function does.
-- Read by lib/tutors/search-tutors.ts. README: "Browse".
-- =============================================================================
alter table public.tutor_profiles add column is_bookable boolean not null default false;
comment on column public.tutor_profiles.is_bookable is 'public.is_tutor_bookable(tutor_id), cached by trigger on tutor_video_provider_connections; browse lists only these.';

create or replace function public.refresh_tutor_is_bookable() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    update public.tutor_profiles tp set is_bookable = public.is_tutor_bookable(old.tutor_id)
    where tp.tutor_id = old.tutor_id and tp.is_bookable is distinct from public.is_tutor_bookable(old.tutor_id);
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    update public.tutor_profiles tp set is_bookable = public.is_tutor_bookable(new.tutor_id)
    where tp.tutor_id = new.tutor_id and tp.is_bookable is distinct from public.is_tutor_bookable(new.tutor_id);
  end if;
  return null;
end;
$$;
comment on function public.refresh_tutor_is_bookable() is 'Keeps tutor_profiles.is_bookable equal to is_tutor_bookable after any connection change.';

create trigger tutor_video_provider_connections_refresh_is_bookable
  after insert or update of status, tutor_id or delete on public.tutor_video_provider_connections
  for each row execute function public.refresh_tutor_is_bookable();

-- A tutor whose connection predates their profile row (the profile trigger runs later) starts right too.
create or replace function public.set_new_tutor_profile_is_bookable() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  new.is_bookable := public.is_tutor_bookable(new.tutor_id);
  return new;
end;
$$;
create trigger tutor_profiles_set_is_bookable before insert on public.tutor_profiles
  for each row execute function public.set_new_tutor_profile_is_bookable();

update public.tutor_profiles tp set is_bookable = public.is_tutor_bookable(tp.tutor_id);

create index tutor_profiles_bookable_next_slot_idx on public.tutor_profiles (next_slot_at) where is_bookable;

grant select (is_bookable) on public.tutor_profiles to anon, authenticated;
