-- =============================================================================
-- Browse's "rating" sort on a cached column: public.tutor_rating_summary over every
-- bookable tutor is one security definer call per published rating (about half a
-- second for 25 000 ratings), too slow to run on every page. The columns cache
-- exactly that function's answer (null below 3 ratings, so they reveal nothing it
-- doesn't), kept true by triggers on session_ratings and on a rated lesson's status
-- (public.is_session_ratable reads it). Whoever extends is_session_ratable (disputes)
-- calls public.refresh_tutor_rating(tutor_id) where its answer changes.
-- Read by lib/tutors/search-tutors.ts. README: "Browse", "Ratings".
-- =============================================================================
alter table public.tutor_profiles
  add column rating_average numeric(2, 1),
  add column rating_count integer,
  add constraint tutor_profiles_rating_cache_shape
    check ((rating_average is null) = (rating_count is null) and (rating_count is null or rating_count >= 3));
comment on column public.tutor_profiles.rating_average is 'public.tutor_rating_summary''s average (null below 3 published ratings), cached by trigger; browse sorts by it.';
comment on column public.tutor_profiles.rating_count is 'public.tutor_rating_summary''s count (null below 3 published ratings), cached by trigger.';

create or replace function public.refresh_tutor_rating(tutor_id uuid) returns void
language sql security definer
set search_path = ''
as $$
  with summary as (
    select r.average, r.rating_count from public.tutor_rating_summary(array[refresh_tutor_rating.tutor_id]) r
  )
  update public.tutor_profiles tp
  set rating_average = (select average from summary), rating_count = (select rating_count from summary)
  where tp.tutor_id = refresh_tutor_rating.tutor_id
    and (tp.rating_average, tp.rating_count) is distinct from ((select average from summary), (select rating_count from summary));
$$;
comment on function public.refresh_tutor_rating(uuid) is 'Sets tutor_profiles.rating_average/rating_count to public.tutor_rating_summary for one tutor.';
revoke all on function public.refresh_tutor_rating(uuid) from public, anon, authenticated;

create or replace function public.refresh_tutor_rating_on_rating() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform public.refresh_tutor_rating(old.tutor_id);
  end if;
  if tg_op in ('INSERT', 'UPDATE') and (tg_op = 'INSERT' or new.tutor_id <> old.tutor_id or new.stars <> old.stars) then
    perform public.refresh_tutor_rating(new.tutor_id);
  end if;
  return null;
end;
$$;
comment on function public.refresh_tutor_rating_on_rating() is 'Keeps the tutor''s cached rating summary true after any rating change.';
revoke all on function public.refresh_tutor_rating_on_rating() from public, anon, authenticated;

create trigger session_ratings_refresh_tutor_rating
  after insert or update of stars, tutor_id or delete on public.session_ratings
  for each row execute function public.refresh_tutor_rating_on_rating();

-- A rated lesson whose status changes may stop (or start) counting.
create or replace function public.refresh_tutor_rating_on_session() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if exists (select 1 from public.session_ratings r where r.session_id = new.id) then
    perform public.refresh_tutor_rating(new.tutor_id);
  end if;
  return null;
end;
$$;
comment on function public.refresh_tutor_rating_on_session() is 'Refreshes the cached rating summary when a rated lesson''s status changes.';
revoke all on function public.refresh_tutor_rating_on_session() from public, anon, authenticated;

create trigger sessions_refresh_tutor_rating
  after update of status on public.sessions
  for each row when (old.status is distinct from new.status)
  execute function public.refresh_tutor_rating_on_session();

update public.tutor_profiles tp
set rating_average = summary.average, rating_count = summary.rating_count
from public.tutor_rating_summary(array(select tutor_id from public.tutor_profiles)) summary
where summary.tutor_id = tp.tutor_id;

grant select (rating_average, rating_count) on public.tutor_profiles to anon, authenticated;
