import postgres, { type Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseDuePayouts } from "@/lib/payments/release-due-payouts";
import { processDueCharges } from "@/lib/sessions";
import { applyBootstrap, applyMigrations } from "../../supabase/local/migrate.ts";
import { seedDemoData } from "../../supabase/local/seed.ts";
import { testDb } from "../support/db";

/**
 * `npm run dev` seeds on every start (supabase/local/seed.ts). Whenever it starts — minutes,
 * hours or a day after the last start, with the cron ticker having charged what fell due in
 * between — every demo case must be there, and no tutor may be double-booked.
 * Runs on its own database so the demo accounts meet no other test's rows.
 */

const MINUTE = 60_000;
const T = new Date("2096-03-06T14:17:00.000Z");
const STARTS = [
  { label: "first start", offsetMinutes: 0 },
  { label: "7 minutes later", offsetMinutes: 7 },
  { label: "2 hours later", offsetMinutes: 120 },
  { label: "a day later", offsetMinutes: 24 * 60 },
];

let admin: Sql;
let sql: Sql;
let databaseUrl: string;
const databaseName = `demo_seed_${Math.random().toString(36).slice(2, 10)}`;

beforeAll(async () => {
  admin = testDb(1);
  await admin.unsafe(`create database ${databaseName}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${databaseName}`;
  databaseUrl = url.toString();
  sql = postgres(databaseUrl, { max: 2, prepare: false, onnotice: () => {}, transform: { undefined: null } });
  await applyBootstrap(sql);
  await applyMigrations(sql);
});

afterAll(async () => {
  await sql?.end();
  await admin?.unsafe(`drop database if exists ${databaseName} with (force)`);
  await admin?.end();
});

async function idOf(email: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`select id from auth.users where email = ${email}`;
  return row!.id;
}

/** Each case as the README describes it, counted independently of the seed's own queries. */
async function caseCounts(now: Date): Promise<Record<string, number>> {
  // student2@ takes a case that would overlap one of student@'s lessons (a student is never in two at once).
  const students = [await idOf("student@example.com"), await idOf("student2@example.com")];
  const count = async (query: postgres.PendingQuery<{ n: number }[]>) => (await query)[0]!.n;
  const mine = sql`s.student_id in ${sql(students)}`;
  return {
    "starts within 5 minutes": await count(sql`select count(*)::int as n from public.sessions s where ${mine} and s.status = 'SCHEDULED'
      and s.scheduled_start_at > ${now} and s.scheduled_start_at <= ${new Date(now.getTime() + 5 * MINUTE)}`),
    "no-show window, tutor joined":
      await count(sql`select count(*)::int as n from public.sessions s where ${mine} and s.status = 'SCHEDULED'
      and s.tutor_joined_at is not null and s.student_joined_at is null
      and s.scheduled_start_at + make_interval(mins => s.no_show_wait_minutes) <= ${now} and ${now} < s.scheduled_end_at`),
    due: await count(
      sql`select count(*)::int as n from public.sessions s where ${mine} and s.status = 'SCHEDULED' and s.scheduled_end_at <= ${now}`,
    ),
    "charged, held": await count(sql`select count(*)::int as n from public.sessions s join public.ledger_entries l on l.session_id = s.id
      where ${mine} and s.charged_at is not null and l.kind = 'payout' and l.status = 'held' and l.release_at > ${now}`),
    released: await count(sql`select count(*)::int as n from public.sessions s join public.ledger_entries l on l.session_id = s.id
      where ${mine} and l.kind = 'payout' and l.status = 'released'`),
    "no-show": await count(sql`select count(*)::int as n from public.sessions s where ${mine} and s.status = 'NO_SHOW_STUDENT'`),
    tomorrow: await count(sql`select count(*)::int as n from public.sessions s where ${mine} and s.status = 'SCHEDULED'
      and s.scheduled_start_at between ${new Date(now.getTime() + 12 * 60 * MINUTE)} and ${new Date(now.getTime() + 48 * 60 * MINUTE)}`),
    "pending requests for tutor@": await count(sql`select count(*)::int as n from public.bookings b join auth.users u on u.id = b.tutor_id
      where u.email = 'tutor@example.com' and b.status = 'pending' and b.requested_start_at > ${now}`),
    "pending request for tutor2@": await count(sql`select count(*)::int as n from public.bookings b join auth.users u on u.id = b.tutor_id
      where u.email = 'tutor2@example.com' and b.status = 'pending' and b.requested_start_at > ${now}`),
  };
}

describe("demo data on every start", () => {
  it("shows every case at T, T+7 min, T+2 h and T+1 day, with no tutor double-booked", { timeout: 120_000 }, async () => {
    for (const start of STARTS) {
      const now = new Date(T.getTime() + start.offsetMinutes * MINUTE);
      // What the cron ticker did while the previous start was running.
      await processDueCharges({ db: sql, now });
      await releaseDuePayouts({ db: sql, now });

      const unplaced = await seedDemoData(databaseUrl, now);
      expect(unplaced, start.label).toEqual([]);

      if (start.offsetMinutes === 0) {
        // A fresh database: every case is with tutor@, as the README's demo accounts say.
        const tutors = await sql<
          { email: string }[]
        >`select distinct u.email from public.sessions s join auth.users u on u.id = s.tutor_id`;
        expect(tutors.map((t) => t.email)).toEqual(["tutor@example.com"]);
      }
      const counts = await caseCounts(now);
      for (const [name, n] of Object.entries(counts))
        expect(n, `${start.label}: ${name}`).toBeGreaterThanOrEqual(name.startsWith("pending requests") ? 2 : 1);

      const overlaps = await sql`
        select a.id from public.bookings a join public.bookings b on a.tutor_id = b.tutor_id and a.id < b.id
        where a.status = 'confirmed' and b.status = 'confirmed'
          and tstzrange(a.confirmed_start_at, a.confirmed_end_at, '[)') && tstzrange(b.confirmed_start_at, b.confirmed_end_at, '[)')`;
      expect(overlaps, start.label).toHaveLength(0);

      // A cancelled demo session was cancelled properly: booking and session both, each with its audit row.
      const improper = await sql`
        select s.id from public.sessions s join public.bookings b on b.id = s.booking_id
        where (s.status = 'CANCELLED') <> (b.status = 'cancelled')
           or (s.status = 'CANCELLED' and (s.cancelled_at is null
               or not exists (select 1 from public.booking_events e where e.booking_id = b.id and e.type = 'booking.cancelled')))`;
      expect(improper, start.label).toHaveLength(0);
    }
  });

  it('gives tutor@ 3 rated completed lessons once, however often it starts (README "Ratings")', async () => {
    const tutorId = await idOf("tutor@example.com");
    const ratings = await sql<{ status: string }[]>`
      select s.status from public.session_ratings r join public.sessions s on s.id = r.session_id where r.tutor_id = ${tutorId}`;
    expect(ratings.map((r) => r.status)).toEqual(["COMPLETED_ASSUMED", "COMPLETED_ASSUMED", "COMPLETED_ASSUMED"]);
    const [summary] = await sql`select average::text, rating_count from public.tutor_rating_summary(${[tutorId]}::uuid[])`;
    expect(summary).toEqual({ average: "4.7", rating_count: 3 });
  });
});
