-- =============================================================================
-- Ratings are audited on their session's trail (README "Ratings"), whichever way they are written:
-- through lib/ratings or straight through PostgREST (RLS lets the student or parent rate and the
-- tutor reply). A trigger writes the events in the rating's own transaction:
--   rating.submitted  the first rating (actor: the rater, payload: the stars)
--   rating.edited     stars, comment or rater changed within the 7 days (actor: the rater, the stars)
--   rating.replied    the tutor's one reply (actor: the tutor)
-- Event labels: lib/sessions/session-events.ts.
-- =============================================================================

create or replace function public.audit_session_rating() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  rater_role text := (select p.role from public.profiles p where p.id = new.rated_by);
begin
  if tg_op = 'INSERT' then
    insert into public.session_events (session_id, type, actor_id, actor_role, payload, at)
    values (new.session_id, 'rating.submitted', new.rated_by, rater_role,
            jsonb_build_object('rating_id', new.id, 'stars', new.stars), new.created_at);
    return new;
  end if;
  if new.stars is distinct from old.stars or new.comment is distinct from old.comment or new.rated_by is distinct from old.rated_by then
    insert into public.session_events (session_id, type, actor_id, actor_role, payload, at)
    values (new.session_id, 'rating.edited', new.rated_by, rater_role,
            jsonb_build_object('rating_id', new.id, 'stars', new.stars), new.updated_at);
  end if;
  if new.reply is not null and old.reply is null then
    insert into public.session_events (session_id, type, actor_id, actor_role, payload, at)
    values (new.session_id, 'rating.replied', new.tutor_id, 'tutor', jsonb_build_object('rating_id', new.id), new.replied_at);
  end if;
  return new;
end;
$$;
comment on function public.audit_session_rating() is
  'Writes rating.submitted / rating.edited / rating.replied to session_events for every write to session_ratings.';
revoke all on function public.audit_session_rating() from public, anon, authenticated;

create trigger session_ratings_audit after insert or update on public.session_ratings
  for each row execute function public.audit_session_rating();
