import { expect, type Page } from "@playwright/test";
import type { Sql } from "postgres";
import { createDemoSession } from "../../../supabase/local/seed.ts";
import { signIn } from "./auth-pages.ts";
import { createAccount } from "./stack.ts";

/** People and sessions for the end-to-end specs, written straight into the stack's database. */

export const MINUTE = 60_000;
export const DEMO_PASSWORD = "demo1234";
const PRICE_CENTS = 15_000;

export type TPerson = { id: string; email: string; password: string; name: string };

/** A fresh account with a unique display name (rows are found by it). */
export async function person(
  sql: Sql,
  role: "student" | "tutor" | "parent" | "admin",
  options: { name?: string; email?: string } = {},
): Promise<TPerson> {
  const account = await createAccount({ role, email: options.email });
  const name = options.name ?? `${role[0]!.toUpperCase()}${role.slice(1)} ${Math.random().toString(36).slice(2, 8)}`;
  const [row] = await sql<{ id: string }[]>`
    update public.profiles p set full_name = ${name}
    from auth.users u where u.id = p.id and u.email = ${account.email}
    returning p.id`;
  return { id: row!.id, email: account.email, password: account.password, name };
}

/** A seeded demo account (supabase/local/seed.ts). */
export async function demoPerson(sql: Sql, email: string): Promise<TPerson> {
  const [row] = await sql<{ id: string; full_name: string }[]>`
    select p.id, p.full_name from public.profiles p join auth.users u on u.id = p.id where u.email = ${email}`;
  if (!row) throw new Error(`the demo account ${email} is missing: supabase/local/seed.ts did not run`);
  return { id: row.id, email, password: DEMO_PASSWORD, name: row.full_name };
}

export async function subjectId(sql: Sql): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into public.subjects (slug, name) values ('mathematics', 'Mathematics')
    on conflict (slug) do update set name = excluded.name returning id`;
  return row!.id;
}

/** A confirmed booking with its session and Jitsi link, `startInMinutes` from now. */
export async function session(
  sql: Sql,
  o: {
    tutor: TPerson;
    student: TPerson;
    startInMinutes: number;
    durationMinutes: number;
    isTutorJoined?: boolean;
    outcome?: "COMPLETED_ASSUMED";
  },
): Promise<{ sessionId: string; bookingId: string }> {
  const now = new Date();
  const sessionId = await createDemoSession({
    sql,
    tutorId: o.tutor.id,
    studentId: o.student.id,
    subjectId: await subjectId(sql),
    startAt: new Date(now.getTime() + o.startInMinutes * MINUTE),
    durationMinutes: o.durationMinutes,
    priceCents: PRICE_CENTS,
    now,
    isTutorJoined: o.isTutorJoined,
    outcome: o.outcome,
  });
  const [row] = await sql<{ booking_id: string }[]>`select booking_id from public.sessions where id = ${sessionId!}`;
  return { sessionId: sessionId!, bookingId: row!.booking_id };
}

export async function pendingBooking(sql: Sql, tutor: TPerson, student: TPerson, startAt: Date): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into public.bookings (student_id, tutor_id, subject_id, requested_by, requested_start_at, requested_end_at, price_cents, currency, status)
    values (${student.id}, ${tutor.id}, ${await subjectId(sql)}, ${student.id}, ${startAt}, ${new Date(startAt.getTime() + 60 * MINUTE)}, ${PRICE_CENTS}, 'TTD', 'pending')
    returning id`;
  return row!.id;
}

export async function signInAs(page: Page, who: TPerson, home: string): Promise<void> {
  await page.goto("/login");
  await signIn(page, who.email, who.password);
  await expect(page).toHaveURL(home, { timeout: 30_000 });
}
