/**
 * The world of `npm run bench:api`: TUTORS tutors and STUDENTS students, SESSIONS sessions
 * (bookings, sessions, meeting links, written as the owner like tests/support/factories.ts),
 * each tutor's back to back around now so that one per tutor is inside the join window,
 * half in the past (charged by the real charge job, payouts held), half to come.
 * Every user can sign in (one cheap bcrypt hash shared by all: sign-in speed is not measured).
 */
import bcrypt from "bcryptjs";
import type { Sql } from "postgres";
import { processDueCharges } from "@/lib/sessions/process-due-charges";
import { createSessionsBulk, createUsersBulk } from "../../tests/support/factories.ts";

export const TUTORS = 200;
export const STUDENTS = 2_000;
export const SESSIONS = 10_000;
const PASSWORD = "bench-api-password";
const HOUR_MS = 3_600_000;

export type TBenchUser = { id: string; email: string; role: "tutor" | "student" };
/** A user's access token and the session ids the benchmark aims at with it. */
export type TBenchCaller = { token: string; userId: string; sessionId: string };
export type TBenchWorld = {
  users: TBenchUser[];
  joinable: { userId: string; sessionId: string }[];
  owned: { userId: string; sessionId: string }[];
};

export async function seedWorld(sql: Sql, now: Date): Promise<TBenchWorld> {
  const tutors = await createUsersBulk(sql, { role: "tutor", count: TUTORS });
  const students = await createUsersBulk(sql, { role: "student", count: STUDENTS });
  await sql`update auth.users set encrypted_password = ${bcrypt.hashSync(PASSWORD, 4)} where encrypted_password = ''`;
  const perTutor = SESSIONS / TUTORS;
  // Session k (1-based, counted back from the last) of every tutor starts at lastEnd − k h: slot perTutor/2 started 20 minutes ago.
  const lastEndAt = new Date(now.getTime() - 20 * 60_000 + (perTutor / 2) * HOUR_MS);
  await createSessionsBulk(sql, { tutorIds: tutors.map((t) => t.id), studentIds: students.map((s) => s.id), count: SESSIONS, lastEndAt });
  await processDueCharges({ db: sql, now });
  await sql`vacuum analyze public.sessions, public.bookings, public.ledger_entries, public.session_events, public.session_meeting_links, public.profiles`;
  const joinable = await sql<{ user_id: string; session_id: string }[]>`
    select unnest(array[tutor_id, student_id]) as user_id, id as session_id from public.sessions
    where status = 'SCHEDULED' and scheduled_start_at - interval '5 minutes' <= ${now} and scheduled_end_at > ${now} + interval '10 minutes'`;
  const owned = await sql<{ user_id: string; session_id: string }[]>`
    select distinct on (user_id) user_id, session_id from (
      select tutor_id as user_id, id as session_id from public.sessions union all
      select student_id, id from public.sessions) t
    order by user_id, md5(session_id::text)`;
  const users: TBenchUser[] = [...tutors, ...students].map((u) => ({ id: u.id, email: u.email, role: u.role as "tutor" | "student" }));
  const pairs = (rows: { user_id: string; session_id: string }[]) => rows.map((r) => ({ userId: r.user_id, sessionId: r.session_id }));
  return { users, joinable: pairs(joinable), owned: pairs(owned) };
}

/** Access tokens through the local auth endpoint's password grant, as supabase-js signs in. */
export async function signInAll(authUrl: string, anonKey: string, users: TBenchUser[], concurrency = 16): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  let next = 0;
  async function worker(): Promise<void> {
    while (next < users.length) {
      const user = users[next++];
      if (!user) return;
      const response = await fetch(`${authUrl}/auth/v1/token?grant_type=password`, {
        method: "POST",
        headers: { apikey: anonKey, "content-type": "application/json" },
        body: JSON.stringify({ email: user.email, password: PASSWORD }),
      });
      const body = (await response.json()) as { access_token?: string };
      if (!response.ok || !body.access_token) throw new Error(`sign-in of ${user.email} failed: ${response.status}`);
      tokens.set(user.id, body.access_token);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return tokens;
}
