-- =============================================================================
-- A parent asks to follow a child after sign-up, by the child's email.
-- The answer never says whether that email has an account: a student who
-- exists gets a pending parent_students row, an unknown email becomes an
-- invitation that turns into one when a student signs up with it. Either way
-- nothing is shared until the child approves (20261121000100).
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Email shape shared by the invitations table and the functions below
-- -----------------------------------------------------------------------------
create or replace function public.is_plausible_email(email text) returns boolean
language sql immutable
set search_path = ''
as $$
  -- Lower-cased and trimmed already; 255 is auth.users.email's own limit.
  select email is not null
    and email = lower(btrim(email))
    and char_length(email) <= 255
    and email ~ '^[^@[:space:]]+@[^@[:space:]]+$';
$$;
comment on function public.is_plausible_email(text) is
  'True for a normalised (trimmed, lower-case) address of the shape local@domain; the auth server validates the rest.';

-- -----------------------------------------------------------------------------
-- parent_link_invitations: requests waiting for a student account
-- -----------------------------------------------------------------------------
create table public.parent_link_invitations (
  parent_id uuid not null references public.profiles (id) on delete cascade,
  child_email text not null check (public.is_plausible_email(child_email)),
  created_at timestamptz not null default now(),
  primary key (parent_id, child_email)
);
comment on table public.parent_link_invitations is
  'A parent''s request to follow a child whose email has no student account yet; becomes a pending parent_students row (and is deleted) when a student signs up with that email. Written only by security definer functions; the parent may delete (withdraw) their own.';
comment on column public.parent_link_invitations.child_email is
  'Trimmed and lower-cased; matched against lower(auth.users.email) of each new student.';
-- The sign-up trigger looks invitations up by email; parent_id is covered by the primary key.
create index parent_link_invitations_child_email_idx on public.parent_link_invitations (child_email);
alter table public.parent_link_invitations enable row level security;

-- -----------------------------------------------------------------------------
-- The one place a link is requested (sign-up trigger and request_parent_link)
-- -----------------------------------------------------------------------------
create or replace function public.link_or_invite_child(requesting_parent_id uuid, requested_email text) returns text
language plpgsql security definer
set search_path = ''
as $$
declare
  -- Product rule (README rules table): pending requests per parent, invitations and unapproved links together.
  max_outstanding constant integer := 5;
  found_student_id uuid;
  found_approved_at timestamptz;
  outstanding integer;
begin
  select u.id into found_student_id
  from auth.users u join public.profiles p on p.id = u.id
  where lower(u.email) = requested_email and p.role = 'student';

  if found_student_id is not null then
    -- An invitation that raced the student's own sign-up would never be claimed: drop it.
    delete from public.parent_link_invitations i
    where i.parent_id = requesting_parent_id and i.child_email = requested_email;
    select ps.approved_at into found_approved_at
    from public.parent_students ps
    where ps.parent_id = requesting_parent_id and ps.student_id = found_student_id;
    if found then
      return case when found_approved_at is null then 'already_requested' else 'already_linked' end;
    end if;
  elsif exists (
    select 1 from public.parent_link_invitations i
    where i.parent_id = requesting_parent_id and i.child_email = requested_email
  ) then
    return 'already_requested';
  end if;

  -- Both kinds count, so the limit neither hints at which emails have accounts
  -- nor lets a parent flood real students with requests.
  select (select count(*) from public.parent_link_invitations i where i.parent_id = requesting_parent_id)
       + (select count(*) from public.parent_students ps where ps.parent_id = requesting_parent_id and ps.approved_at is null)
  into outstanding;
  if outstanding >= max_outstanding then
    raise exception 'Too many pending invitations'
      using errcode = 'P0001',
            detail = format('At most %s requests may wait for approval at once.', max_outstanding),
            hint = 'Wait for a child to approve, or remove a pending link.';
  end if;

  if found_student_id is not null then
    insert into public.parent_students (parent_id, student_id) values (requesting_parent_id, found_student_id)
    on conflict do nothing;
  else
    insert into public.parent_link_invitations (parent_id, child_email) values (requesting_parent_id, requested_email)
    on conflict do nothing;
  end if;
  return 'requested';
end;
$$;
comment on function public.link_or_invite_child(uuid, text) is
  'Internal (not callable by browser roles): links the parent to the student with this normalised email (pending), or records an invitation when there is none. Returns requested, already_requested or already_linked; raises P0001 "Too many pending invitations" past the limit.';

-- -----------------------------------------------------------------------------
-- request_parent_link: what a signed-in parent calls
-- -----------------------------------------------------------------------------
create or replace function public.request_parent_link(child_email text) returns text
language plpgsql security definer
set search_path = ''
as $$
declare
  caller_id uuid := (select auth.uid());
  requested_email text := lower(btrim(request_parent_link.child_email));
  caller_email text;
begin
  if caller_id is null or public.current_app_role() is distinct from 'parent' then
    raise exception 'Only a parent account can ask to follow a child' using errcode = '42501';
  end if;
  if not public.is_plausible_email(requested_email) then
    raise exception 'Enter a valid email address' using errcode = '22023';
  end if;
  select lower(u.email) into caller_email from auth.users u where u.id = caller_id;
  if requested_email = caller_email then
    raise exception 'Enter your child''s own email, not yours' using errcode = '22023';
  end if;
  -- One request per parent at a time, so two tabs cannot both slip under the limit.
  perform 1 from public.profiles p where p.id = caller_id for no key update;
  return public.link_or_invite_child(caller_id, requested_email);
end;
$$;
comment on function public.request_parent_link(text) is
  'A parent asks to follow the child with this email. Returns requested (also when no account has this email: an invitation waits for it), already_requested or already_linked. 42501 for non-parents, 22023 for a bad email, P0001 "Too many pending invitations" past the limit.';

-- -----------------------------------------------------------------------------
-- A new student claims the invitations addressed to their email
-- -----------------------------------------------------------------------------
create or replace function public.claim_parent_link_invitations() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  student_email text;
begin
  select lower(u.email) into student_email from auth.users u where u.id = new.id;
  if student_email is not null then
    with claimed as (
      delete from public.parent_link_invitations i where i.child_email = student_email
      returning i.parent_id
    )
    insert into public.parent_students (parent_id, student_id)
    select c.parent_id, new.id from claimed c
    on conflict do nothing;
  end if;
  return new;
end;
$$;
comment on function public.claim_parent_link_invitations() is
  'Trigger: turns invitations for a new student''s email into pending parent_students rows (the student still approves each), then deletes them.';

create trigger on_student_profile_created after insert on public.profiles
  for each row when (new.role = 'student') execute function public.claim_parent_link_invitations();

-- -----------------------------------------------------------------------------
-- Profile creation on sign-up: as in 20261121000100, except that a parent's
-- child email with no student behind it now becomes an invitation
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

  -- A malformed child email, or the parent's own, is ignored as before: sign-up never fails over it.
  if assigned_role = 'parent' and public.is_plausible_email(child_email)
     and child_email is distinct from lower(new.email) then
    perform public.link_or_invite_child(new.id, child_email);
  end if;
  return new;
end;
$$;
comment on function public.handle_new_user() is
  'Trigger on auth.users: creates the profile (role from user metadata, admin only from app metadata) and, for a parent, requests the link to the child email given at sign-up.';

-- -----------------------------------------------------------------------------
-- Privileges: the browser reads its own invitations and calls request_parent_link; nothing else
-- -----------------------------------------------------------------------------
revoke all on public.parent_link_invitations from anon, authenticated;
grant select, delete on public.parent_link_invitations to authenticated;

revoke all on function public.request_parent_link(text) from public, anon, authenticated;
grant execute on function public.request_parent_link(text) to authenticated;
revoke all on function public.link_or_invite_child(uuid, text) from public, anon, authenticated;
revoke all on function public.claim_parent_link_invitations() from public, anon, authenticated;

-- -----------------------------------------------------------------------------
-- Policies
-- -----------------------------------------------------------------------------
create policy "Parents can read their own invitations" on public.parent_link_invitations
  for select to authenticated using (parent_id = (select auth.uid()));
-- A mistyped email must not hold one of the parent's few request slots for good.
create policy "Parents can cancel their own invitations" on public.parent_link_invitations
  for delete to authenticated using (parent_id = (select auth.uid()));
