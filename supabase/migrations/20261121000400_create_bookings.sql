-- =============================================================================
-- Bookings: a student's request for a slot with a tutor
-- =============================================================================

create table public.bookings (
  id uuid primary key default gen_random_uuid(),
  student_id uuid not null references public.profiles (id) on delete restrict,
  tutor_id uuid not null references public.profiles (id) on delete restrict,
  subject_id uuid not null references public.subjects (id) on delete restrict,
  requested_by uuid not null references public.profiles (id) on delete restrict,
  requested_start_at timestamptz not null,
  requested_end_at timestamptz not null,
  confirmed_start_at timestamptz,
  confirmed_end_at timestamptz,
  price_cents bigint not null check (price_cents > 0),
  currency text not null default 'TTD' check (currency ~ '^[A-Z]{3}$'),
  status text not null default 'pending' check (status in ('pending', 'confirmed', 'declined', 'cancelled')),
  note text check (char_length(note) <= 1000),
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (student_id <> tutor_id),
  check (requested_end_at > requested_start_at),
  check (requested_end_at - requested_start_at <= interval '10 hours'),
  check (status <> 'confirmed' or (confirmed_start_at is not null and confirmed_end_at > confirmed_start_at)),
  -- A tutor's confirmed bookings never overlap.
  constraint bookings_no_overlapping_confirmed exclude using gist (
    tutor_id with =,
    tstzrange(confirmed_start_at, confirmed_end_at, '[)') with &&
  ) where (status = 'confirmed')
);
comment on table public.bookings is 'A request for a slot; a confirmed booking gets exactly one session.';
comment on column public.bookings.price_cents is 'Price of the whole slot in minor units, fixed from the tutor''s hourly price when requested.';
comment on column public.bookings.requested_by is 'The student, or the parent who booked for them.';

create index bookings_student_id_idx on public.bookings (student_id);
create index bookings_subject_id_idx on public.bookings (subject_id);
create index bookings_requested_by_idx on public.bookings (requested_by);
create index bookings_tutor_id_status_idx on public.bookings (tutor_id, status);
create trigger bookings_set_updated_at before update on public.bookings
  for each row execute function public.set_updated_at();
alter table public.bookings enable row level security;

-- -----------------------------------------------------------------------------
-- A browser user cannot choose the price or pre-confirm: the server fills them in.
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

create trigger bookings_prepare_request before insert on public.bookings
  for each row execute function public.bookings_prepare_request();

-- -----------------------------------------------------------------------------
-- Profiles of people one has lessons with are visible (names on session lists).
-- -----------------------------------------------------------------------------
create or replace function public.shares_booking_with(profile_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.bookings b
    where (b.student_id = (select auth.uid()) and b.tutor_id = shares_booking_with.profile_id)
       or (b.tutor_id = (select auth.uid()) and b.student_id = shares_booking_with.profile_id)
  ) or exists (
    select 1 from public.parent_students ps
    where ps.student_id = (select auth.uid()) and ps.parent_id = shares_booking_with.profile_id
  );
$$;
comment on function public.shares_booking_with(uuid) is 'True when the caller has a booking with that profile, or that profile asked to be the caller''s parent.';

create policy "Users can read profiles of people they have bookings with" on public.profiles
  for select to authenticated using (public.shares_booking_with(id));

-- -----------------------------------------------------------------------------
-- Privileges and policies: requests come from the browser; decisions from the server
-- -----------------------------------------------------------------------------
revoke all on public.bookings from anon, authenticated;
grant select, insert on public.bookings to authenticated;

create policy "Students can read their own bookings" on public.bookings
  for select to authenticated using (student_id = (select auth.uid()));
create policy "Tutors can read their own bookings" on public.bookings
  for select to authenticated using (tutor_id = (select auth.uid()));
create policy "Parents can read their children's bookings" on public.bookings
  for select to authenticated using (public.is_parent_of(student_id));
create policy "Admins can read every booking" on public.bookings
  for select to authenticated using ((select public.is_admin()));
create policy "Students and their parents can request bookings" on public.bookings
  for insert to authenticated
  with check (
    (student_id = (select auth.uid()) and (select public.current_app_role()) = 'student')
    or public.is_parent_of(student_id)
  );
