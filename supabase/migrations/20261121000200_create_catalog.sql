-- =============================================================================
-- What tutors teach, at what price, and when they are available
-- =============================================================================

create table public.subjects (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9-]{1,60}$'),
  name text not null check (char_length(name) between 1 and 100),
  created_at timestamptz not null default now()
);
comment on table public.subjects is 'The subject catalogue; managed by admins through server code.';
alter table public.subjects enable row level security;

create table public.tutor_subjects (
  tutor_id uuid not null references public.profiles (id) on delete cascade,
  subject_id uuid not null references public.subjects (id) on delete restrict,
  price_cents bigint not null check (price_cents between 100 and 10000000),
  currency text not null default 'TTD' check (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tutor_id, subject_id)
);
comment on table public.tutor_subjects is 'Subjects a tutor teaches and the tutor''s hourly price for each.';
comment on column public.tutor_subjects.price_cents is 'Hourly price in minor units of currency.';
create index tutor_subjects_subject_id_idx on public.tutor_subjects (subject_id);
create trigger tutor_subjects_set_updated_at before update on public.tutor_subjects
  for each row execute function public.set_updated_at();
alter table public.tutor_subjects enable row level security;

create table public.tutor_availability (
  id uuid primary key default gen_random_uuid(),
  tutor_id uuid not null references public.profiles (id) on delete cascade,
  weekday smallint not null check (weekday between 0 and 6),
  start_time time not null,
  end_time time not null,
  timezone text not null check (char_length(timezone) <= 64 and public.is_valid_timezone(timezone)),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (end_time > start_time)
);
comment on table public.tutor_availability is 'Weekly availability rules; weekday 0 = Sunday, times in the rule''s IANA timezone.';
create index tutor_availability_tutor_id_idx on public.tutor_availability (tutor_id, weekday);
create trigger tutor_availability_set_updated_at before update on public.tutor_availability
  for each row execute function public.set_updated_at();
alter table public.tutor_availability enable row level security;

-- -----------------------------------------------------------------------------
-- Privileges
-- -----------------------------------------------------------------------------
revoke all on public.subjects, public.tutor_subjects, public.tutor_availability from anon, authenticated;
grant select on public.subjects to anon, authenticated;
grant select, insert, update, delete on public.tutor_subjects, public.tutor_availability to authenticated;

-- -----------------------------------------------------------------------------
-- Policies
-- -----------------------------------------------------------------------------
create policy "Anyone can read the subject catalogue" on public.subjects
  for select to anon, authenticated using (true);

create policy "Signed-in users can read tutors' subjects and prices" on public.tutor_subjects
  for select to authenticated using (true);
create policy "Tutors can add their own subjects" on public.tutor_subjects
  for insert to authenticated
  with check (tutor_id = (select auth.uid()) and (select public.current_app_role()) = 'tutor');
create policy "Tutors can update their own subjects" on public.tutor_subjects
  for update to authenticated
  using (tutor_id = (select auth.uid())) with check (tutor_id = (select auth.uid()));
create policy "Tutors can remove their own subjects" on public.tutor_subjects
  for delete to authenticated using (tutor_id = (select auth.uid()));

create policy "Signed-in users can read tutors' availability" on public.tutor_availability
  for select to authenticated using (true);
create policy "Tutors can add their own availability" on public.tutor_availability
  for insert to authenticated
  with check (tutor_id = (select auth.uid()) and (select public.current_app_role()) = 'tutor');
create policy "Tutors can update their own availability" on public.tutor_availability
  for update to authenticated
  using (tutor_id = (select auth.uid())) with check (tutor_id = (select auth.uid()));
create policy "Tutors can remove their own availability" on public.tutor_availability
  for delete to authenticated using (tutor_id = (select auth.uid()));
