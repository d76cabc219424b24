-- =============================================================================
-- Profiles, parent ↔ student links and the authorization helpers every policy uses
-- =============================================================================

create or replace function public.set_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

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

-- -----------------------------------------------------------------------------
-- profiles
-- -----------------------------------------------------------------------------
create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  role text not null check (role in ('student', 'tutor', 'parent', 'admin')),
  full_name text not null default '' check (char_length(full_name) <= 200),
  timezone text not null default 'America/Port_of_Spain' check (char_length(timezone) <= 64 and public.is_valid_timezone(timezone)),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.profiles is 'One row per auth user, created by the on_auth_user_created trigger.';
comment on column public.profiles.role is 'student, tutor and parent are self-assigned at sign-up; admin only through app_metadata (service).';
comment on column public.profiles.timezone is 'IANA zone used to show local times to this user.';

create index profiles_role_idx on public.profiles (role);
create trigger profiles_set_updated_at before update on public.profiles
  for each row execute function public.set_updated_at();
alter table public.profiles enable row level security;

-- -----------------------------------------------------------------------------
-- parent_students: a parent sees a child's sessions only once the child approved
-- -----------------------------------------------------------------------------
create table public.parent_students (
  parent_id uuid not null references public.profiles (id) on delete cascade,
  student_id uuid not null references public.profiles (id) on delete cascade,
  approved_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (parent_id, student_id),
  check (parent_id <> student_id)
);
comment on table public.parent_students is 'Parent ↔ child links; requested by the parent (by the child''s email), effective once approved_at is set by the student.';
create index parent_students_student_id_idx on public.parent_students (student_id);
alter table public.parent_students enable row level security;

-- -----------------------------------------------------------------------------
-- Authorization helpers (security definer so policies do not recurse into RLS)
-- -----------------------------------------------------------------------------
create or replace function public.is_admin() returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.profiles p where p.id = (select auth.uid()) and p.role = 'admin'
  );
$$;
comment on function public.is_admin() is 'True when the calling user is an admin.';

create or replace function public.is_parent_of(student_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.parent_students ps
    where ps.parent_id = (select auth.uid())
      and ps.student_id = is_parent_of.student_id
      and ps.approved_at is not null
  );
$$;
comment on function public.is_parent_of(uuid) is 'True when the calling user is an approved parent of the given student.';

create or replace function public.current_app_role() returns text
language sql stable security definer
set search_path = ''
as $$
  select p.role from public.profiles p where p.id = (select auth.uid());
$$;
comment on function public.current_app_role() is 'The calling user''s profile role (student, tutor, parent, admin) or null.';

-- -----------------------------------------------------------------------------
-- Profile creation on sign-up
-- -----------------------------------------------------------------------------
create or replace function public.handle_new_user() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  requested_role text := coalesce(new.raw_user_meta_data ->> 'role', 'student');
  assigned_role text;
  requested_timezone text := new.raw_user_meta_data ->> 'timezone';
  child_email text := lower(trim(new.raw_user_meta_data ->> 'child_email'));
  child_id uuid;
begin
  -- admin comes only from app_metadata, which only the service can set.
  if new.raw_app_meta_data ->> 'role' = 'admin' then
    assigned_role := 'admin';
  elsif requested_role in ('student', 'tutor', 'parent') then
    assigned_role := requested_role;
  else
    raise exception 'role "%" cannot be chosen at sign-up', requested_role using errcode = '22023';
  end if;

  if requested_timezone is null or char_length(requested_timezone) > 64
     or not public.is_valid_timezone(requested_timezone) then
    requested_timezone := 'America/Port_of_Spain';
  end if;

  insert into public.profiles (id, role, full_name, timezone)
  values (new.id, assigned_role, left(coalesce(new.raw_user_meta_data ->> 'full_name', ''), 200), requested_timezone);

  if assigned_role = 'parent' and child_email is not null and child_email <> '' then
    select u.id into child_id
    from auth.users u join public.profiles p on p.id = u.id
    where lower(u.email) = child_email and p.role = 'student';
    if child_id is not null then
      insert into public.parent_students (parent_id, student_id) values (new.id, child_id)
      on conflict do nothing;
    end if;
  end if;
  return new;
end;
$$;

create trigger on_auth_user_created after insert on auth.users
  for each row execute function public.handle_new_user();

-- -----------------------------------------------------------------------------
-- Privileges: profiles are written by the trigger; users may edit name and zone only
-- -----------------------------------------------------------------------------
revoke all on public.profiles from anon, authenticated;
grant select on public.profiles to authenticated;
grant update (full_name, timezone) on public.profiles to authenticated;

revoke all on public.parent_students from anon, authenticated;
grant select, delete on public.parent_students to authenticated;
grant update (approved_at) on public.parent_students to authenticated;

-- -----------------------------------------------------------------------------
-- Policies
-- -----------------------------------------------------------------------------
create policy "Users can read their own profile" on public.profiles
  for select to authenticated using (id = (select auth.uid()));
create policy "Admins can read every profile" on public.profiles
  for select to authenticated using ((select public.is_admin()));
create policy "Signed-in users can read tutor profiles" on public.profiles
  for select to authenticated using (role = 'tutor');
create policy "Parents can read their linked children's profiles" on public.profiles
  for select to authenticated using (public.is_parent_of(id));
create policy "Users can update their own profile" on public.profiles
  for update to authenticated using (id = (select auth.uid())) with check (id = (select auth.uid()));

create policy "Parents and students can read their own links" on public.parent_students
  for select to authenticated
  using (parent_id = (select auth.uid()) or student_id = (select auth.uid()) or (select public.is_admin()));
create policy "Students can approve links to themselves" on public.parent_students
  for update to authenticated
  using (student_id = (select auth.uid())) with check (student_id = (select auth.uid()));
create policy "Parents and students can remove their own links" on public.parent_students
  for delete to authenticated
  using (parent_id = (select auth.uid()) or student_id = (select auth.uid()));
