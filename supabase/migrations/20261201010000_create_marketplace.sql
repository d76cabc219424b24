-- =============================================================================
-- The marketplace's schema: public tutor profiles, booking settings, date
-- overrides, and bookings that can never overlap (pending requests included).
-- The rules that use it: lib/availability (slots), lib/tutors (browse),
-- lib/bookings (requests). README: "Booking rules".
-- =============================================================================

-- -----------------------------------------------------------------------------
-- A minutes shift that exclusion constraints may use. timestamptz ± interval is
-- only "stable" because a day or month interval depends on the zone; a whole
-- number of minutes never does, so this one is honestly immutable.
-- -----------------------------------------------------------------------------
create or replace function public.shift_minutes(at timestamptz, minutes integer) returns timestamptz
language sql immutable strict parallel safe
set search_path = ''
as $$
  select at + make_interval(mins => minutes);
$$;
comment on function public.shift_minutes(timestamptz, integer) is 'at + minutes of elapsed time (immutable: minutes do not depend on a zone).';

-- -----------------------------------------------------------------------------
-- tutor_profiles: everything here is public (anonymous browsing reads it)
-- -----------------------------------------------------------------------------
create table public.tutor_profiles (
  tutor_id uuid primary key references public.profiles (id) on delete cascade,
  display_name text not null default '' check (char_length(display_name) <= 120),
  headline text not null default '' check (char_length(headline) <= 160),
  bio text not null default '' check (char_length(bio) <= 4000),
  search_vector tsvector generated always as (
    setweight(to_tsvector('simple'::regconfig, display_name), 'A')
    || setweight(to_tsvector('english'::regconfig, headline), 'B')
    || setweight(to_tsvector('english'::regconfig, bio), 'C')
  ) stored,
  -- Written by server code only (lib/tutors): the browse page's sort and "free within N days" filter.
  next_slot_at timestamptz,
  next_slot_computed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.tutor_profiles is 'A tutor''s public face: only fields anyone may read (no email, nothing private).';
comment on column public.tutor_profiles.search_vector is 'Full-text search over name (A), headline (B) and bio (C); subjects are matched by name in the query.';
comment on column public.tutor_profiles.next_slot_at is 'Cached first open 60-minute slot (or the shortest length offered), refreshed by lib/tutors; null = none in the horizon.';

create index tutor_profiles_search_idx on public.tutor_profiles using gin (search_vector);
create index tutor_profiles_next_slot_at_idx on public.tutor_profiles (next_slot_at);
create trigger tutor_profiles_set_updated_at before update on public.tutor_profiles
  for each row execute function public.set_updated_at();
alter table public.tutor_profiles enable row level security;

-- -----------------------------------------------------------------------------
-- tutor_booking_settings: how a tutor's open time turns into slots
-- -----------------------------------------------------------------------------
create table public.tutor_booking_settings (
  tutor_id uuid primary key references public.profiles (id) on delete cascade,
  lesson_lengths smallint[] not null default '{60}'
    check (cardinality(lesson_lengths) between 1 and 8
           and lesson_lengths <@ '{15,30,45,60,75,90,105,120,150,180}'::smallint[]),
  step_minutes smallint not null default 30 check (step_minutes in (15, 30, 60)),
  buffer_before_minutes smallint not null default 0 check (buffer_before_minutes between 0 and 120),
  buffer_after_minutes smallint not null default 0 check (buffer_after_minutes between 0 and 120),
  minimum_notice_minutes integer not null default 120 check (minimum_notice_minutes between 0 and 20160),
  horizon_days smallint not null default 14 check (horizon_days between 1 and 90),
  is_instant_booking boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.tutor_booking_settings is 'Lesson lengths, start step, buffers, notice, horizon and instant booking; the slots engine''s settings.';
comment on column public.tutor_booking_settings.is_instant_booking is 'On: a request is confirmed at once (session and meeting created). Off: it waits for the tutor.';
create trigger tutor_booking_settings_set_updated_at before update on public.tutor_booking_settings
  for each row execute function public.set_updated_at();
alter table public.tutor_booking_settings enable row level security;

-- -----------------------------------------------------------------------------
-- tutor_availability_overrides: one date off, or other hours on one date
-- -----------------------------------------------------------------------------
create table public.tutor_availability_overrides (
  id uuid primary key default gen_random_uuid(),
  tutor_id uuid not null references public.profiles (id) on delete cascade,
  on_date date not null,
  -- Both null: the whole day off. Otherwise one range of that day's hours (end may be 24:00).
  start_time time,
  end_time time,
  created_at timestamptz not null default now(),
  check ((start_time is null) = (end_time is null)),
  check (end_time > start_time)
);
comment on table public.tutor_availability_overrides is 'Replaces a weekday''s rules on one local date (the tutor''s zone): a day off (null times) or these ranges.';
create index tutor_availability_overrides_tutor_date_idx on public.tutor_availability_overrides (tutor_id, on_date);
create unique index tutor_availability_overrides_one_day_off_idx
  on public.tutor_availability_overrides (tutor_id, on_date) where start_time is null;
alter table public.tutor_availability_overrides enable row level security;

-- -----------------------------------------------------------------------------
-- Every tutor has a profile and settings from the start
-- -----------------------------------------------------------------------------
create or replace function public.create_tutor_rows() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.role = 'tutor' then
    insert into public.tutor_profiles (tutor_id, display_name) values (new.id, left(new.full_name, 120))
      on conflict (tutor_id) do nothing;
    insert into public.tutor_booking_settings (tutor_id) values (new.id) on conflict (tutor_id) do nothing;
  end if;
  return new;
end;
$$;
create trigger profiles_create_tutor_rows after insert on public.profiles
  for each row execute function public.create_tutor_rows();

-- The public name follows the account's name until the tutor sets a different one.
create or replace function public.follow_tutor_display_name() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  update public.tutor_profiles tp set display_name = left(new.full_name, 120)
  where tp.tutor_id = new.id and tp.display_name in ('', left(old.full_name, 120));
  return new;
end;
$$;
create trigger profiles_follow_tutor_display_name after update of full_name on public.profiles
  for each row when (new.role = 'tutor' and new.full_name is distinct from old.full_name)
  execute function public.follow_tutor_display_name();

insert into public.tutor_profiles (tutor_id, display_name)
  select id, left(full_name, 120) from public.profiles where role = 'tutor'
  on conflict (tutor_id) do nothing;
insert into public.tutor_booking_settings (tutor_id)
  select id from public.profiles where role = 'tutor'
  on conflict (tutor_id) do nothing;

-- -----------------------------------------------------------------------------
-- Bookable = the tutor has a working video connection (no link, no lesson)
-- -----------------------------------------------------------------------------
create or replace function public.is_tutor_bookable(tutor_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.tutor_video_provider_connections c
    where c.tutor_id = is_tutor_bookable.tutor_id and c.status = 'connected'
  );
$$;
comment on function public.is_tutor_bookable(uuid) is 'True when the tutor has a connected video provider; reveals nothing else about the connection.';

-- -----------------------------------------------------------------------------
-- bookings: withdrawn and expired requests, the request's deadline, frozen buffers
-- -----------------------------------------------------------------------------
alter table public.bookings drop constraint bookings_status_check;
alter table public.bookings
  add constraint bookings_status_check
    check (status in ('pending', 'confirmed', 'declined', 'cancelled', 'withdrawn', 'expired')),
  add column expires_at timestamptz,
  add column buffer_before_minutes smallint not null default 0 check (buffer_before_minutes between 0 and 120),
  add column buffer_after_minutes smallint not null default 0 check (buffer_after_minutes between 0 and 120);
comment on column public.bookings.expires_at is 'A pending request''s deadline: 24 h after the request or the slot''s minimum-notice cut-off, whichever is first.';
comment on column public.bookings.buffer_before_minutes is 'The tutor''s buffer when requested: the exclusion constraint keeps it free before the lesson.';
create index bookings_pending_expires_at_idx on public.bookings (expires_at) where status = 'pending';

-- Older overlapping pending requests (demo data only: the marketplace is new) cannot
-- all hold their slot; the later ones expire so the constraints below can hold.
update public.bookings b set status = 'expired'
where b.status = 'pending'
  and exists (
    select 1 from public.bookings o
    where o.id <> b.id and o.status in ('pending', 'confirmed')
      and (o.tutor_id = b.tutor_id or o.student_id = b.student_id)
      and (o.status = 'confirmed' or o.created_at < b.created_at or (o.created_at = b.created_at and o.id < b.id))
      and tstzrange(coalesce(o.confirmed_start_at, o.requested_start_at), coalesce(o.confirmed_end_at, o.requested_end_at), '[)')
       && tstzrange(b.requested_start_at, b.requested_end_at, '[)')
  );

-- A tutor's pending and confirmed bookings never overlap, buffers included.
alter table public.bookings add constraint bookings_tutor_no_overlap exclude using gist (
  tutor_id with =,
  tstzrange(
    public.shift_minutes(coalesce(confirmed_start_at, requested_start_at), -buffer_before_minutes),
    public.shift_minutes(coalesce(confirmed_end_at, requested_end_at), buffer_after_minutes),
    '[)'
  ) with &&
) where (status in ('pending', 'confirmed'));

-- Nor does a student hold two lessons at once.
alter table public.bookings add constraint bookings_student_no_overlap exclude using gist (
  student_id with =,
  tstzrange(coalesce(confirmed_start_at, requested_start_at), coalesce(confirmed_end_at, requested_end_at), '[)') with &&
) where (status in ('pending', 'confirmed'));

-- Requests are made through server code only (lib/bookings/request-booking.ts), which checks the slot
-- against the engine inside its transaction; a direct insert would skip availability and notice.
drop policy "Students and their parents can request bookings" on public.bookings;
revoke insert on public.bookings from authenticated;

-- -----------------------------------------------------------------------------
-- Privileges and policies
-- -----------------------------------------------------------------------------
revoke all on public.tutor_profiles, public.tutor_booking_settings, public.tutor_availability_overrides from anon, authenticated;
grant select (tutor_id, display_name, headline, bio, search_vector, next_slot_at, created_at, updated_at)
  on public.tutor_profiles to anon, authenticated;
grant update (display_name, headline, bio) on public.tutor_profiles to authenticated;
grant select on public.tutor_booking_settings to anon, authenticated;
grant update (lesson_lengths, step_minutes, buffer_before_minutes, buffer_after_minutes, minimum_notice_minutes,
  horizon_days, is_instant_booking) on public.tutor_booking_settings to authenticated;
grant select, insert, delete on public.tutor_availability_overrides to authenticated;
grant select on public.tutor_subjects to anon;
grant execute on function public.is_tutor_bookable(uuid) to anon, authenticated;

create policy "Anyone can read tutor profiles" on public.tutor_profiles
  for select to anon, authenticated using (true);
create policy "Tutors can update their own profile" on public.tutor_profiles
  for update to authenticated
  using (tutor_id = (select auth.uid())) with check (tutor_id = (select auth.uid()));

create policy "Anyone can read tutors' booking settings" on public.tutor_booking_settings
  for select to anon, authenticated using (true);
create policy "Tutors can update their own booking settings" on public.tutor_booking_settings
  for update to authenticated
  using (tutor_id = (select auth.uid())) with check (tutor_id = (select auth.uid()));

create policy "Tutors can read their own overrides" on public.tutor_availability_overrides
  for select to authenticated using (tutor_id = (select auth.uid()));
create policy "Admins can read every override" on public.tutor_availability_overrides
  for select to authenticated using ((select public.is_admin()));
create policy "Tutors can add their own overrides" on public.tutor_availability_overrides
  for insert to authenticated
  with check (tutor_id = (select auth.uid()) and (select public.current_app_role()) = 'tutor');
create policy "Tutors can remove their own overrides" on public.tutor_availability_overrides
  for delete to authenticated using (tutor_id = (select auth.uid()));

create policy "Anyone can read tutors' subjects and prices" on public.tutor_subjects
  for select to anon using (true);
