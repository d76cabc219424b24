/**
 * The world of `npm run bench:slots`: TUTORS bookable tutors in six whole-hour zones, each with weekday
 * ranges (some Saturdays), two date overrides, 1–3 subjects at hourly prices, varied booking settings, and
 * about 20 % of their next 14 days' open hours booked by STUDENTS students (never two lessons at once).
 * Set-based, written as the owner like tests/support/factories.ts.
 */
import type { Sql } from "postgres";

export const TUTORS = Number(process.env.BENCH_TUTORS ?? 10_000);
const STUDENTS = 3_000;
export const SUBJECTS = [
  ["mathematics", "Mathematics"],
  ["physics", "Physics"],
  ["chemistry", "Chemistry"],
  ["biology", "Biology"],
  ["english", "English"],
  ["spanish", "Spanish"],
  ["french", "French"],
  ["history", "History"],
  ["geography", "Geography"],
  ["computer-science", "Computer Science"],
  ["economics", "Economics"],
  ["music", "Music"],
] as const;
const ZONES = ["America/Port_of_Spain", "America/New_York", "Europe/London", "America/Chicago", "UTC", "Africa/Lagos"];
const FIRST = ["Ada", "Ben", "Chloe", "Dev", "Esi", "Femi", "Gita", "Hugo", "Ines", "Jai", "Kemi", "Luis", "Maya", "Nico", "Omar", "Priya"];
const LAST = ["Baptiste", "Charles", "Mohammed", "Ramdass", "Singh", "Williams", "Joseph", "Ali", "Garcia", "Thomas", "Persad", "Lee"];
const LEVELS = ["CSEC", "CAPE", "SEA", "A-level", "university", "adult learners"];

export async function seedWorld(sql: Sql, now: Date): Promise<{ tutorIds: string[]; bookings: number }> {
  const tutorIds = await createUsers(sql, "tutor", TUTORS);
  const studentIds = await createUsers(sql, "student", STUDENTS);
  await sql`insert into public.subjects (slug, name) select * from unnest(${SUBJECTS.map((s) => s[0])}::text[], ${SUBJECTS.map((s) => s[1])}::text[])
            on conflict (slug) do nothing`;
  await sql`create temporary table bench_tutors as
            select id, (row_number() over (order by id))::int as n from unnest(${tutorIds}::uuid[]) id`;
  await sql`update public.profiles p set timezone = (${ZONES}::text[])[1 + t.n % ${ZONES.length}]
            from bench_tutors t where p.id = t.id`;
  await sql`insert into public.tutor_subjects (tutor_id, subject_id, price_cents)
            select t.id, s.id, 8000 + ((t.n * 37 + k * 11) % 23) * 1000
            from bench_tutors t
            cross join generate_series(0, 2) k
            join (select id, (row_number() over (order by slug))::int - 1 as i from public.subjects
                  where slug = any(${SUBJECTS.map((s) => s[0])}::text[])) s
              on s.i = (t.n * (k * 4 + 1) + k * 5) % ${SUBJECTS.length}
            where k < 1 + t.n % 3
            on conflict do nothing`;
  await sql`update public.tutor_profiles tp set
              display_name = (${FIRST}::text[])[1 + t.n % ${FIRST.length}] || ' ' || (${LAST}::text[])[1 + (t.n / 16) % ${LAST.length}],
              headline = 'Patient ' || lower(sub.names) || ' tutor for ' || (${LEVELS}::text[])[1 + t.n % ${LEVELS.length}]
                         || case when t.n % 2 = 0 then ' exams' else ' and homework help' end,
              bio = 'I have taught ' || lower(sub.names) || ' for ' || (2 + t.n % 20) || ' years. Lessons are friendly, structured '
                    || 'and built around past papers, with notes after every class.'
            from bench_tutors t,
              lateral (select string_agg(s.name, ' and ' order by s.name) as names from public.tutor_subjects ts
                       join public.subjects s on s.id = ts.subject_id where ts.tutor_id = t.id) sub
            where tp.tutor_id = t.id`;
  await sql`update public.tutor_booking_settings bs set
              lesson_lengths = case t.n % 3 when 0 then '{60}'::smallint[] when 1 then '{30,60,90}'::smallint[] else '{45,60}'::smallint[] end,
              step_minutes = case when t.n % 4 = 0 then 60 else 30 end,
              buffer_before_minutes = case when t.n % 5 = 0 then 10 else 0 end,
              buffer_after_minutes = case when t.n % 5 = 0 then 10 else 0 end,
              minimum_notice_minutes = (1 + t.n % 4) * 120
            from bench_tutors t where bs.tutor_id = t.id`;
  // Nineteen in twenty can hold a lesson (a connected provider): the rest are not listed.
  await sql`insert into public.tutor_video_provider_connections (tutor_id, provider, status)
            select id, 'jitsi', 'connected' from bench_tutors where n % 20 <> 0`;
  // Weekdays 09–12 and 14–18 local, shifted by 0–3 hours; every third tutor also Saturday mornings.
  await sql`insert into public.tutor_availability (tutor_id, weekday, start_time, end_time, timezone)
            select t.id, d, make_time(r.s + t.n % 4, 0, 0), make_time(r.e + t.n % 4, 0, 0), p.timezone
            from bench_tutors t join public.profiles p on p.id = t.id
            cross join generate_series(1, 5) d cross join (values (9, 12), (14, 18)) r(s, e)
            union all
            select t.id, 6, '09:00'::time, '13:00'::time, p.timezone from bench_tutors t join public.profiles p on p.id = t.id where t.n % 3 = 0`;
  await sql`insert into public.tutor_availability_overrides (tutor_id, on_date, start_time, end_time)
            select t.id, (${now}::timestamptz at time zone p.timezone)::date + 3 + t.n % 5, null::time, null::time
            from bench_tutors t join public.profiles p on p.id = t.id
            union all
            select t.id, (${now}::timestamptz at time zone p.timezone)::date + 8 + t.n % 4, '10:00'::time, '14:00'::time
            from bench_tutors t join public.profiles p on p.id = t.id`;
  // 20 % of the open whole hours of the next 14 days, each student in at most one lesson at a time.
  const [inserted] = await sql<{ count: number }[]>`
    with hours as (
      select t.id as tutor_id, ((((${now}::timestamptz at time zone p.timezone)::date + day) + a.start_time
                                + make_interval(hours => h)) at time zone p.timezone) as start_at
      from bench_tutors t join public.profiles p on p.id = t.id
      join public.tutor_availability a on a.tutor_id = t.id
      cross join generate_series(1, 14) day
      cross join lateral generate_series(0, extract(hour from a.end_time - a.start_time)::int - 1) h
      where extract(dow from (${now}::timestamptz at time zone p.timezone)::date + day) = a.weekday
    ),
    chosen as (
      select tutor_id, start_at, row_number() over (partition by start_at order by random()) as rn
      from hours where random() < 0.2
    ),
    inserted as (
      insert into public.bookings (student_id, tutor_id, subject_id, requested_by, requested_start_at, requested_end_at,
                                   confirmed_start_at, confirmed_end_at, price_cents, status, decided_at)
      select s.id, c.tutor_id, ts.subject_id, s.id, c.start_at, c.start_at + interval '1 hour', c.start_at,
             c.start_at + interval '1 hour', 10000, 'confirmed', ${now}
      from chosen c
      join (select id, (row_number() over (order by id))::int as rn from unnest(${studentIds}::uuid[]) id) s on s.rn = c.rn
      join lateral (select subject_id from public.tutor_subjects where tutor_id = c.tutor_id limit 1) ts on true
      returning 1
    )
    select count(*)::int as count from inserted`;
  await sql`vacuum analyze public.profiles, public.tutor_profiles, public.tutor_subjects, public.tutor_booking_settings,
            public.tutor_availability, public.tutor_availability_overrides, public.bookings, public.tutor_video_provider_connections`;
  return { tutorIds, bookings: inserted?.count ?? 0 };
}

/** Users who cannot sign in (none needs to: browse is public), through the sign-up trigger like everyone. */
async function createUsers(sql: Sql, role: "tutor" | "student", count: number): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    insert into auth.users (id, instance_id, aud, role, email, encrypted_password, email_confirmed_at,
                            raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    select gen_random_uuid(), '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated',
           'bench-slots.' || ${role} || '.' || i || '@factories.test', '', now(),
           jsonb_build_object('provider', 'email', 'providers', jsonb_build_array('email')),
           jsonb_build_object('role', ${role}::text, 'full_name', 'Bench ' || ${role}::text || ' ' || i), now(), now()
    from generate_series(1, ${count}) i
    returning id`;
  return rows.map((row) => row.id);
}
