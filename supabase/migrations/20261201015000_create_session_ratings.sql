-- =============================================================================
-- Ratings: after a completed lesson its student (or an approved parent) rates
-- it 1–5 with an optional comment, once, editable for 7 days; the tutor replies
-- once. README "Ratings".
--
-- Writes: server code (lib/ratings, as service after its checks) or, for a
-- browser role, RLS policies for exactly the lesson's student/parent (insert;
-- update inside the 7 days) and its tutor (the reply, once). Both share the
-- authenticated role, so column grants keep the fixed columns unwritable and a
-- trigger keeps each party to its own columns: the tutor never changes stars,
-- the student never writes the reply.
-- Public reads go through two security definer functions that never return the
-- rater's id or email: public.tutor_public_ratings and public.tutor_rating_summary.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Which lessons can be rated: the one predicate the disputes work extends
-- (a disputed lesson is not ratable, and its rating not public, until resolved).
-- -----------------------------------------------------------------------------
create or replace function public.is_session_ratable(session_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select coalesce((
    select s.status = 'COMPLETED_ASSUMED'
    from public.sessions s
    where s.id = is_session_ratable.session_id
  ), false);
$$;
comment on function public.is_session_ratable(uuid) is
  'True for a lesson that may be rated and whose rating is public: COMPLETED_ASSUMED (not a no-show, cancelled or short lesson). Disputes add "and not disputed" here.';
revoke all on function public.is_session_ratable(uuid) from public;
grant execute on function public.is_session_ratable(uuid) to authenticated;

-- -----------------------------------------------------------------------------
-- session_ratings
-- -----------------------------------------------------------------------------
create table public.session_ratings (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null unique references public.sessions (id) on delete restrict,
  tutor_id uuid not null references public.profiles (id) on delete restrict,
  student_id uuid not null references public.profiles (id) on delete restrict,
  -- who wrote the current stars and comment: the student or an approved parent
  rated_by uuid not null references public.profiles (id) on delete restrict,
  stars smallint not null check (stars between 1 and 5),
  comment text check (comment is null or char_length(comment) between 1 and 2000),
  reply text check (reply is null or char_length(reply) between 1 and 2000),
  replied_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  editable_until timestamptz not null,
  check (tutor_id <> student_id),
  check ((reply is null) = (replied_at is null)),
  check (replied_at is null or replied_at >= created_at),
  check (editable_until = created_at + interval '7 days'),
  check (updated_at >= created_at)
);
comment on table public.session_ratings is
  'One rating per completed lesson, by its student or an approved parent; the tutor''s one reply. Public only through tutor_public_ratings / tutor_rating_summary.';
comment on column public.session_ratings.editable_until is 'created_at + 7 days: stars and comment can change until then.';
comment on column public.session_ratings.reply is 'The tutor''s one reply; never changes once written.';

create index session_ratings_tutor_id_created_at_idx on public.session_ratings (tutor_id, created_at desc);
create index session_ratings_student_id_idx on public.session_ratings (student_id);
create index session_ratings_rated_by_idx on public.session_ratings (rated_by);
alter table public.session_ratings enable row level security;

-- -----------------------------------------------------------------------------
-- Invariants for every writer (service included)
-- -----------------------------------------------------------------------------
create or replace function public.guard_session_rating() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  -- A browser role's refusal is a permission denial (like a policy's); the service's a broken invariant.
  refused text := case when (select auth.uid()) is null then '23514' else '42501' end;
  lesson record;
begin
  if tg_op = 'INSERT' then
    select s.tutor_id, s.student_id into lesson from public.sessions s where s.id = new.session_id;
    if not found or lesson.tutor_id <> new.tutor_id or lesson.student_id <> new.student_id then
      raise exception 'a rating''s tutor and student are its lesson''s' using errcode = refused;
    end if;
    if caller is not null then
      -- a browser role: the clock and the reply are not theirs to choose
      new.created_at := now();
      new.updated_at := now();
      new.reply := null;
      new.replied_at := null;
    end if;
    new.editable_until := new.created_at + interval '7 days';
  else
    if new.session_id <> old.session_id or new.tutor_id <> old.tutor_id or new.student_id <> old.student_id
       or new.created_at <> old.created_at or new.editable_until <> old.editable_until then
      raise exception 'a rating''s lesson, parties and window never change' using errcode = refused;
    end if;
    if old.reply is not null and (new.reply is distinct from old.reply or new.replied_at is distinct from old.replied_at) then
      raise exception 'the tutor''s reply is written once' using errcode = refused;
    end if;
    if caller is not null then
      new.updated_at := now();
      if new.reply is distinct from old.reply then
        if caller <> old.tutor_id then
          raise exception 'only the lesson''s tutor writes the reply' using errcode = '42501';
        end if;
        new.replied_at := now();
      end if;
      if (new.stars, new.comment, new.rated_by) is distinct from (old.stars, old.comment, old.rated_by) then
        if caller = old.tutor_id then
          raise exception 'the tutor cannot change the rating' using errcode = '42501';
        end if;
        -- whoever changes the stars or comment (the student or a parent) is its rater now
        new.rated_by := caller;
      end if;
    end if;
  end if;
  if tg_op = 'INSERT' or (new.stars, new.comment, new.rated_by) is distinct from (old.stars, old.comment, old.rated_by) then
    if not public.is_session_ratable(new.session_id) then
      raise exception 'this lesson cannot be rated' using errcode = refused;
    end if;
    if new.rated_by <> new.student_id and not exists (
      select 1 from public.parent_students ps
      where ps.parent_id = new.rated_by and ps.student_id = new.student_id and ps.approved_at is not null
    ) then
      raise exception 'a rating is written by the lesson''s student or an approved parent' using errcode = refused;
    end if;
  end if;
  return new;
end;
$$;
create trigger session_ratings_guard before insert or update on public.session_ratings
  for each row execute function public.guard_session_rating();

-- -----------------------------------------------------------------------------
-- Privileges and policies
-- -----------------------------------------------------------------------------
revoke all on public.session_ratings from anon, authenticated;
grant select on public.session_ratings to authenticated;
grant insert (session_id, tutor_id, student_id, rated_by, stars, comment) on public.session_ratings to authenticated;
grant update (stars, comment, reply) on public.session_ratings to authenticated;

create policy "Lesson participants can read its rating" on public.session_ratings
  for select to authenticated
  using (student_id = (select auth.uid()) or tutor_id = (select auth.uid()) or public.is_parent_of(student_id));
create policy "Admins can read every rating" on public.session_ratings
  for select to authenticated using ((select public.is_admin()));

create policy "Students and their parents can rate a completed lesson" on public.session_ratings
  for insert to authenticated
  with check (
    rated_by = (select auth.uid())
    and (student_id = (select auth.uid()) or public.is_parent_of(student_id))
    and public.is_session_ratable(session_id)
  );

-- One update policy: the rater side inside the window, or the tutor while there is no reply.
-- The trigger keeps each side to its columns.
create policy "Raters edit within 7 days and tutors reply once" on public.session_ratings
  for update to authenticated
  using (
    ((student_id = (select auth.uid()) or public.is_parent_of(student_id)) and editable_until > now())
    or (tutor_id = (select auth.uid()) and reply is null)
  )
  with check (
    ((student_id = (select auth.uid()) or public.is_parent_of(student_id)) and rated_by = (select auth.uid()))
    or tutor_id = (select auth.uid())
  );

-- -----------------------------------------------------------------------------
-- Public reads: published ratings (their lesson still ratable), no rater id or email
-- -----------------------------------------------------------------------------
create or replace function public.rater_public_name(full_name text) returns text
language sql immutable
set search_path = ''
as $$
  select case
    when btrim(coalesce(full_name, '')) = '' then 'A student'
    when array_length(regexp_split_to_array(btrim(full_name), '\s+'), 1) = 1 then btrim(full_name)
    else (regexp_split_to_array(btrim(full_name), '\s+'))[1] || ' '
      || upper(left((regexp_split_to_array(btrim(full_name), '\s+'))[2], 1)) || '.'
  end;
$$;
comment on function public.rater_public_name(text) is 'First name and the initial of the second: "Sam Student" → "Sam S.".';

create or replace function public.tutor_public_ratings(tutor_id uuid, max_rows integer default 20)
returns table (
  rating_id uuid, stars smallint, comment text, reply text, replied_at timestamptz,
  created_at timestamptz, updated_at timestamptz, rater_name text, subject_name text
)
language sql stable security definer
set search_path = ''
as $$
  select r.id, r.stars, r.comment, r.reply, r.replied_at, r.created_at, r.updated_at,
         public.rater_public_name(p.full_name), sub.name
  from public.session_ratings r
  join public.sessions s on s.id = r.session_id
  join public.subjects sub on sub.id = s.subject_id
  join public.profiles p on p.id = r.rated_by
  where r.tutor_id = tutor_public_ratings.tutor_id
    and public.is_session_ratable(r.session_id)
  order by r.created_at desc, r.id
  limit least(greatest(coalesce(max_rows, 20), 0), 100);
$$;
comment on function public.tutor_public_ratings(uuid, integer) is
  'A tutor''s published ratings, newest first (at most 100): stars, comment, reply, the rater as "First I." — never their id or email.';

create or replace function public.tutor_rating_summary(tutor_ids uuid[])
returns table (tutor_id uuid, average numeric, rating_count integer)
language sql stable security definer
set search_path = ''
as $$
  select r.tutor_id, round(avg(r.stars), 1), count(*)::integer
  from public.session_ratings r
  where r.tutor_id = any(tutor_rating_summary.tutor_ids) and public.is_session_ratable(r.session_id)
  group by r.tutor_id
  having count(*) >= 3;
$$;
comment on function public.tutor_rating_summary(uuid[]) is
  'Average stars (1 decimal) and count of published ratings per tutor; no row below 3 ratings.';

revoke all on function public.rater_public_name(text), public.tutor_public_ratings(uuid, integer),
  public.tutor_rating_summary(uuid[]) from public;
grant execute on function public.rater_public_name(text), public.tutor_public_ratings(uuid, integer),
  public.tutor_rating_summary(uuid[]) to anon, authenticated;
revoke all on function public.guard_session_rating() from public, anon, authenticated;
