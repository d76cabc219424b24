import postgres, { type Sql } from "postgres";
import type { TStripeFake } from "../../tests/fakes/stripe-fake.ts";
import { createAuthUser } from "./auth-server.ts";
import { topUpDemoPayments } from "./seed-payments.ts";
import { topUpDemoRatings } from "./seed-ratings.ts";
import { DEMO_NOTE, topUpDemoSessions } from "./seed-sessions.ts";

export { createDemoSession, DEMO_CASES } from "./seed-sessions.ts";

/**
 * Demo data for `npm run dev` (README "Demo accounts"). Every run tops the time-relative
 * cases up against `now` (supabase/local/seed-sessions.ts), so any start, on fresh or old
 * data, shows each case: a session starting within 5 minutes, one in its no-show window
 * with the tutor joined, one due, one charged (payout held), one released, one no-show,
 * one tomorrow, and pending requests; a tutor's confirmed bookings never overlap.
 */
export const DEMO_PASSWORD = "demo1234";

/** A name and an address with no natural break: the pages must wrap them on a phone. */
export const LONG_DEMO_NAME = "Maximiliana Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft";
export const LONG_DEMO_EMAIL = "maximiliana.wolfeschlegelsteinhausenbergerdorff.student@example.com";

export const DEMO_ACCOUNTS = [
  { email: "tutor@example.com", role: "tutor", fullName: "Tara Tutor" },
  { email: "tutor2@example.com", role: "tutor", fullName: "Theo Second-Tutor" },
  { email: "tutor3@example.com", role: "tutor", fullName: "Tina Third-Tutor" },
  { email: "student@example.com", role: "student", fullName: "Sam Student" },
  { email: "student2@example.com", role: "student", fullName: "Sasha Student" },
  { email: LONG_DEMO_EMAIL, role: "student", fullName: LONG_DEMO_NAME },
  { email: "parent@example.com", role: "parent", fullName: "Pat Parent" },
  { email: "admin@example.com", role: "admin", fullName: "Ada Admin" },
] as const;

type TDemoEmail = (typeof DEMO_ACCOUNTS)[number]["email"];

const SUBJECTS = [
  { slug: "mathematics", name: "Mathematics" },
  { slug: "physics", name: "Physics" },
  { slug: "english", name: "English" },
] as const;

const TIMEZONE = "America/Port_of_Spain";
const MINUTE = 60_000;
const MATHEMATICS_PRICE_CENTS = 15_000;

/**
 * Seeds and tops up; returns the demo cases no tutor had room for (normally none). With the stack's
 * Stripe fake, the demo payers get saved test cards and tutor@ an onboarded payout account (seed-payments.ts).
 */
export async function seedDemoData(databaseUrl: string, now: Date, options: { stripe?: TStripeFake } = {}): Promise<string[]> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const ids = await seedAccounts(sql);
    if (options.stripe) {
      const nameOf = (email: string) => DEMO_ACCOUNTS.find((account) => account.email === email)?.fullName ?? email;
      await topUpDemoPayments({
        sql,
        stripe: options.stripe,
        // Parents pay with their own card; student2@ too (tutor3@'s instant bookings).
        payers: (["student@example.com", "student2@example.com", "parent@example.com"] as const).map((email) => ({
          id: ids[email],
          email,
          name: nameOf(email),
        })),
        // tutor3@ has none: the earnings page shows onboarding.
        onboardedTutors: [{ id: ids["tutor@example.com"], email: "tutor@example.com" }],
        now,
      });
    }
    const subjects = await seedCatalog(sql, ids);
    const unplaced = await topUpDemoSessions({
      sql,
      now,
      // student@ first; student2@ takes a case that would overlap one of student@'s lessons.
      studentIds: [ids["student@example.com"], ids["student2@example.com"]],
      // tutor@ first; tutor3@ takes a case when tutor@'s calendar has no room for it.
      tutorIds: [ids["tutor@example.com"], ids["tutor3@example.com"]],
      subjectId: subjects.mathematics,
      priceCents: MATHEMATICS_PRICE_CENTS,
    });
    await topUpPendingRequests(sql, ids, subjects, now);
    await topUpDemoRatings({
      sql,
      now,
      tutorId: ids["tutor@example.com"],
      studentIds: [ids["student@example.com"], ids["student2@example.com"], ids[LONG_DEMO_EMAIL]],
      subjectId: subjects.mathematics,
      priceCents: MATHEMATICS_PRICE_CENTS,
    });
    return unplaced;
  } finally {
    await sql.end();
  }
}

async function seedAccounts(sql: Sql): Promise<Record<TDemoEmail, string>> {
  const ids: Partial<Record<TDemoEmail, string>> = {};
  for (const account of DEMO_ACCOUNTS) {
    const isAdmin = account.role === "admin";
    ids[account.email] = await createAuthUser(sql, {
      email: account.email,
      password: DEMO_PASSWORD,
      userMetadata: { role: isAdmin ? "student" : account.role, full_name: account.fullName, timezone: TIMEZONE },
      appMetadata: isAdmin ? { role: "admin" } : {},
    });
  }
  const all = ids as Record<TDemoEmail, string>;
  await sql`
    insert into public.parent_students (parent_id, student_id, approved_at)
    values (${all["parent@example.com"]}, ${all["student@example.com"]}, now())
    on conflict (parent_id, student_id) do update set approved_at = coalesce(parent_students.approved_at, now())`;
  return all;
}

async function seedCatalog(sql: Sql, ids: Record<TDemoEmail, string>): Promise<Record<(typeof SUBJECTS)[number]["slug"], string>> {
  const subjects: Record<string, string> = {};
  for (const subject of SUBJECTS) {
    const [row] = await sql<{ id: string }[]>`
      insert into public.subjects (slug, name) values (${subject.slug}, ${subject.name})
      on conflict (slug) do update set name = excluded.name
      returning id`;
    subjects[subject.slug] = row!.id;
  }
  const [tutor, tutor2, tutor3] = [ids["tutor@example.com"], ids["tutor2@example.com"], ids["tutor3@example.com"]];
  const prices: [string, string, number][] = [
    [tutor, "mathematics", MATHEMATICS_PRICE_CENTS],
    [tutor, "physics", 18_000],
    [tutor2, "english", 12_000],
    [tutor3, "mathematics", MATHEMATICS_PRICE_CENTS],
  ];
  for (const [tutorId, slug, price] of prices) {
    await sql`
      insert into public.tutor_subjects (tutor_id, subject_id, price_cents, currency)
      values (${tutorId}, ${subjects[slug]!}, ${price}, 'TTD')
      on conflict do nothing`;
  }
  for (const tutorId of [tutor, tutor2, tutor3]) {
    const [existing] = await sql`select 1 from public.tutor_availability where tutor_id = ${tutorId} limit 1`;
    if (existing) continue;
    for (const weekday of [1, 2, 3, 4, 5]) {
      await sql`
        insert into public.tutor_availability (tutor_id, weekday, start_time, end_time, timezone)
        values (${tutorId}, ${weekday}, '15:00', '20:00', ${TIMEZONE}), (${tutorId}, ${6}, '09:00', '13:00', ${TIMEZONE})
        on conflict do nothing`;
    }
  }
  // Public profiles for browse; a headline a tutor has already written is kept.
  const profiles: [string, string, string, number[], boolean][] = [
    [
      tutor,
      "Mathematics and physics for CSEC and CAPE",
      "Ten years of helping secondary students see why the maths works, not just how. Past papers, exam technique and patient explanations; lessons in English.",
      [30, 60, 90],
      false,
    ],
    [tutor2, "English language and literature", "Essay structure, comprehension and the set texts, for Forms 1–6.", [60], false],
    [
      tutor3,
      "Maths from the basics up, booked instantly",
      "Fractions to calculus at your pace. Instant booking: your lesson is confirmed the moment you book.",
      [45, 60],
      true,
    ],
  ];
  for (const [tutorId, headline, bio, lessonLengths, isInstant] of profiles) {
    const [updated] = await sql`
      update public.tutor_profiles set headline = ${headline}, bio = ${bio}
      where tutor_id = ${tutorId} and headline = '' returning tutor_id`;
    if (updated) {
      await sql`update public.tutor_booking_settings set lesson_lengths = ${lessonLengths}, is_instant_booking = ${isInstant}
                where tutor_id = ${tutorId}`;
    }
  }
  // tutor@ and tutor3@ have Jitsi Meet connected (needs no account); tutor2@ has no video connection.
  for (const [tutorId, email] of [
    [tutor, "tutor@example.com"],
    [tutor3, "tutor3@example.com"],
  ] as const) {
    await sql`
      insert into public.tutor_video_provider_connections (tutor_id, provider, status, provider_account_email)
      select ${tutorId}, 'jitsi', 'connected', ${email}
      where not exists (select 1 from public.tutor_video_provider_connections where tutor_id = ${tutorId} and status = 'connected')`;
  }
  return subjects as Record<(typeof SUBJECTS)[number]["slug"], string>;
}

/** Two future requests for tutor@ (student@, student2@), one from the long-named student, one for tutor2@. */
async function topUpPendingRequests(sql: Sql, ids: Record<TDemoEmail, string>, subjects: Record<string, string>, now: Date): Promise<void> {
  const tutorId = ids["tutor@example.com"];
  const day = (days: number) => new Date(Math.round((now.getTime() + days * 24 * 60 * MINUTE) / (60 * MINUTE)) * 60 * MINUTE);
  const wanted: { tutorId: string; studentId: string; subjectId: string; startAt: Date; priceCents: number }[] = [
    { tutorId, studentId: ids["student@example.com"], subjectId: subjects.physics!, startAt: day(2), priceCents: 18_000 },
    { tutorId, studentId: ids["student2@example.com"], subjectId: subjects.physics!, startAt: day(3), priceCents: 18_000 },
    { tutorId, studentId: ids[LONG_DEMO_EMAIL], subjectId: subjects.mathematics!, startAt: day(4), priceCents: MATHEMATICS_PRICE_CENTS },
    {
      tutorId: ids["tutor2@example.com"],
      studentId: ids["student@example.com"],
      subjectId: subjects.english!,
      startAt: day(3),
      priceCents: 12_000,
    },
  ];
  for (const request of wanted) {
    const [existing] = await sql`select 1 from public.bookings where tutor_id = ${request.tutorId} and student_id = ${request.studentId}
      and status = 'pending' and requested_start_at > ${now} and (expires_at is null or expires_at > ${now}) limit 1`;
    if (existing) continue;
    const endAt = new Date(request.startAt.getTime() + 60 * MINUTE);
    // The request's deadline as lib/bookings/request-booking.ts sets it (24 h, or the default 2 h notice cut-off).
    const expiresAt = new Date(Math.min(now.getTime() + 24 * 60 * MINUTE, request.startAt.getTime() - 120 * MINUTE));
    await sql
      .begin(async (tx) => {
        const [booking] = await tx<{ id: string }[]>`
        insert into public.bookings (student_id, tutor_id, subject_id, requested_by, requested_start_at, requested_end_at,
          price_cents, currency, status, note, expires_at)
        values (${request.studentId}, ${request.tutorId}, ${request.subjectId}, ${request.studentId}, ${request.startAt}, ${endAt},
          ${request.priceCents}, 'TTD', 'pending', 'Demo request', ${expiresAt})
        returning id`;
        await tx`insert into public.booking_events (booking_id, type, actor_id, actor_role, at)
               values (${booking!.id}, 'booking.requested', ${request.studentId}, 'student', ${now})`;
      })
      .catch((error: unknown) => {
        // Someone (a demo user, or a request the cron has not expired yet) holds that time: no demo request then.
        if (error instanceof postgres.PostgresError && error.code === "23P01") return;
        throw error;
      });
  }
}

export { DEMO_NOTE };
