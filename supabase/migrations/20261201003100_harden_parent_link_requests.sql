-- =============================================================================
-- Parent link requests that tell a parent nothing about who has an account,
-- and cannot be used to spam a student.
--
-- A request to an email with a student account is a pending parent_students
-- row; one to an email without is a parent_link_invitations row
-- (20261121003000). The parent must not be able to tell them apart, so the
-- parent no longer reads either directly: pending links and invitations alike
-- are listed by public.list_parent_link_requests() as "a request to <email>"
-- and withdrawn by email with public.withdraw_parent_link_request(). Parents
-- read (and may remove) only approved links, and their children's name and
-- email through public.list_linked_children().
--
-- Every new request is logged; a parent may make public.parent_link_daily_limit()
-- of them per 24 hours, withdrawn ones included, so cancel-and-request cannot
-- flood a student. An email that belongs to a tutor, parent or admin account is
-- refused (this says such an account exists; the product asks for the clear
-- message, and it reveals nothing about students).
-- =============================================================================

-- -----------------------------------------------------------------------------
-- The daily cap: the one place its number lives
-- -----------------------------------------------------------------------------
create or replace function public.parent_link_daily_limit() returns integer
language sql immutable
set search_path = ''
as $$ select 10 $$;
comment on function public.parent_link_daily_limit() is
  'Product rule: link requests a parent may make per 24 hours, withdrawn ones included.';

-- -----------------------------------------------------------------------------
-- parent_link_request_log: every request made, kept when withdrawn
-- -----------------------------------------------------------------------------
create table public.parent_link_request_log (
  id bigint generated always as identity primary key,
  parent_id uuid not null references public.profiles (id) on delete cascade,
  child_email text not null check (public.is_plausible_email(child_email)),
  requested_at timestamptz not null default now()
);
comment on table public.parent_link_request_log is
  'One row per new parent link request (pending link or invitation alike), kept when the request is withdrawn: the daily cap counts these. Written only by security definer functions; no browser role reads it.';
create index parent_link_request_log_parent_id_requested_at_idx on public.parent_link_request_log (parent_id, requested_at);
alter table public.parent_link_request_log enable row level security;
revoke all on public.parent_link_request_log from anon, authenticated;

-- -----------------------------------------------------------------------------
-- link_or_invite_child: as in 20261121003000, plus the log and the refusal of
-- non-student accounts (not_a_student: nothing written)
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
  if exists (
    select 1 from auth.users u join public.profiles p on p.id = u.id
    where lower(u.email) = requested_email and p.role <> 'student'
  ) then
    return 'not_a_student';
  end if;

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
  insert into public.parent_link_request_log (parent_id, child_email) values (requesting_parent_id, requested_email);
  return 'requested';
end;
$$;
comment on function public.link_or_invite_child(uuid, text) is
  'Internal (not callable by browser roles): links the parent to the student with this normalised email (pending), or records an invitation when there is none, and logs the request. Returns requested, already_requested, already_linked, or not_a_student (the email is a tutor''s, parent''s or admin''s; nothing written); raises P0001 "Too many pending invitations" past the limit.';

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
  result text;
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
  -- One request per parent at a time, so two tabs cannot both slip under the limits.
  perform 1 from public.profiles p where p.id = caller_id for no key update;
  if (select count(*) from public.parent_link_request_log l
      where l.parent_id = caller_id and l.requested_at > now() - interval '24 hours') >= public.parent_link_daily_limit() then
    raise exception 'Too many link requests today'
      using errcode = 'P0001',
            detail = format('You can send at most %s link requests in 24 hours, withdrawn ones included.', public.parent_link_daily_limit());
  end if;
  result := public.link_or_invite_child(caller_id, requested_email);
  if result = 'not_a_student' then
    raise exception 'This email belongs to a tutor, parent or admin account, not a student''s. Enter the email of your child''s student account'
      using errcode = '22023';
  end if;
  return result;
end;
$$;
comment on function public.request_parent_link(text) is
  'A parent asks to follow the child with this email. Returns requested (also when no account has this email: an invitation waits for it), already_requested or already_linked. 42501 for non-parents; 22023 for a bad email, the parent''s own, or a non-student account''s; P0001 "Too many pending invitations" or "Too many link requests today" past the limits.';

-- -----------------------------------------------------------------------------
-- What the parent reads and withdraws: requests by email, whatever is behind them
-- -----------------------------------------------------------------------------
create or replace function public.list_parent_link_requests()
returns table (child_email text, requested_at timestamptz)
language sql stable security definer
set search_path = ''
as $$
  select r.child_email, r.requested_at from (
    select i.child_email, i.created_at as requested_at
    from public.parent_link_invitations i
    where i.parent_id = (select auth.uid())
    union all
    select lower(u.email), ps.created_at
    from public.parent_students ps join auth.users u on u.id = ps.student_id
    where ps.parent_id = (select auth.uid()) and ps.approved_at is null
  ) r
  order by r.requested_at, r.child_email;
$$;
comment on function public.list_parent_link_requests() is
  'The caller''s requests still waiting for approval, pending links and invitations alike, each as the email asked for.';

create or replace function public.withdraw_parent_link_request(child_email text) returns boolean
language plpgsql security definer
set search_path = ''
as $$
declare
  caller_id uuid := (select auth.uid());
  requested_email text := lower(btrim(withdraw_parent_link_request.child_email));
  invitations integer;
  links integer;
begin
  delete from public.parent_link_invitations i where i.parent_id = caller_id and i.child_email = requested_email;
  get diagnostics invitations = row_count;
  delete from public.parent_students ps
  using auth.users u
  where u.id = ps.student_id and lower(u.email) = requested_email
    and ps.parent_id = caller_id and ps.approved_at is null;
  get diagnostics links = row_count;
  return invitations + links > 0;
end;
$$;
comment on function public.withdraw_parent_link_request(text) is
  'The caller withdraws their unapproved request to this email (pending link or invitation alike); true when there was one. The daily cap still counts it.';

create or replace function public.list_linked_children()
returns table (student_id uuid, full_name text, email text, approved_at timestamptz)
language sql stable security definer
set search_path = ''
as $$
  select ps.student_id, p.full_name, lower(u.email), ps.approved_at
  from public.parent_students ps
  join public.profiles p on p.id = ps.student_id
  join auth.users u on u.id = ps.student_id
  where ps.parent_id = (select auth.uid()) and ps.approved_at is not null
  order by ps.approved_at, ps.student_id;
$$;
comment on function public.list_linked_children() is
  'The caller''s children who approved the link, with their name and sign-in email.';

revoke all on function public.parent_link_daily_limit() from public, anon;
revoke all on function public.list_parent_link_requests() from public, anon, authenticated;
grant execute on function public.list_parent_link_requests() to authenticated;
revoke all on function public.withdraw_parent_link_request(text) from public, anon, authenticated;
grant execute on function public.withdraw_parent_link_request(text) to authenticated;
revoke all on function public.list_linked_children() from public, anon, authenticated;
grant execute on function public.list_linked_children() to authenticated;

-- -----------------------------------------------------------------------------
-- Direct access: parents see and remove approved links only; invitations are
-- read and withdrawn only through the functions above
-- -----------------------------------------------------------------------------
drop policy "Parents and students can read their own links" on public.parent_students;
create policy "Students can read links to themselves" on public.parent_students
  for select to authenticated using (student_id = (select auth.uid()));
create policy "Parents can read their approved links" on public.parent_students
  for select to authenticated using (parent_id = (select auth.uid()) and approved_at is not null);
create policy "Admins can read every parent link" on public.parent_students
  for select to authenticated using ((select public.is_admin()));

drop policy "Parents and students can remove their own links" on public.parent_students;
create policy "Students can remove links to themselves" on public.parent_students
  for delete to authenticated using (student_id = (select auth.uid()));
create policy "Parents can remove their approved links" on public.parent_students
  for delete to authenticated using (parent_id = (select auth.uid()) and approved_at is not null);

drop policy "Parents can read their own invitations" on public.parent_link_invitations;
drop policy "Parents can cancel their own invitations" on public.parent_link_invitations;
revoke all on public.parent_link_invitations from anon, authenticated;
