import { randomUUID } from "node:crypto";
import { createClient } from "@supabase/supabase-js";
import type { Sql } from "postgres";
import { createAuthUser } from "../../supabase/local/auth-server.ts";
import type { TAppViewer } from "../../lib/auth/get-viewer.ts";
import type { TRole } from "../../lib/auth/roles.ts";

/**
 * Fixture builders for integration tests and benchmarks, all written as the
 * owner (service) straight into the database, committed. Every builder makes
 * its own uniquely named rows, so test files can share one database.
 *
 *   const tutor = await createTutor(sql);                 // with a Jitsi connection
 *   const student = await createUser(sql, { role: "student" });
 *   const { sessionId } = await createSessionAt(sql, { tutor, student, startAt });
 *   const token = await signIn(student);                  // real access token from the local auth endpoint
 */

export const TEST_PASSWORD = "correct-horse-battery-staple";
const MINUTE_MS = 60_000;

export type TTestUser = { id: string; email: string; password: string; role: TRole; viewer: TAppViewer };

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}.${randomUUID().slice(0, 12)}@factories.test`;
}

/** A signed-up user (through the auth endpoint's own code path) with a profile in `role`. */
export async function createUser(
  sql: Sql,
  options: { role: Exclude<TRole, "admin"> | "admin"; email?: string; fullName?: string; timezone?: string },
): Promise<TTestUser> {
  const email = options.email ?? uniqueEmail(options.role);
  const id = await createAuthUser(sql, {
    email,
    password: TEST_PASSWORD,
    userMetadata: {
      role: options.role === "admin" ? "student" : options.role,
      full_name: options.fullName ?? `Test ${options.role}`,
      timezone: options.timezone,
    },
    appMetadata: options.role === "admin" ? { role: "admin" } : undefined,
  });
  return { id, email, password: TEST_PASSWORD, role: options.role, viewer: viewerOf({ id, email, role: options.role }) };
}

/**
 * Many users at once, set-based (no password: they cannot sign in; use them
 * through `viewer` with the domain functions). For concurrency tests and benchmarks.
 */
export async function createUsersBulk(sql: Sql, options: { role: "student" | "tutor"; count: number }): Promise<TTestUser[]> {
  const prefix = `${options.role}.${randomUUID().slice(0, 8)}`;
  // sql.json, not a JSON string cast to jsonb: postgres.js would encode the string again (a jsonb string, no role).
  const metadata = sql.json({ role: options.role, full_name: `Bulk ${options.role}` });
  const rows = await sql<{ id: string; email: string }[]>`
    insert into auth.users (id, instance_id, aud, role, email, encrypted_password, email_confirmed_at,
                            raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    select gen_random_uuid(), '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated',
           ${prefix} || '.' || i || '@factories.test', '', now(),
           '{"provider":"email","providers":["email"]}'::jsonb, ${metadata}, now(), now()
    from generate_series(1, ${options.count}) i
    returning id, email
  `;
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    password: "",
    role: options.role,
    viewer: viewerOf({ ...row, role: options.role }),
  }));
}

/** The verified viewer getViewer() would return for this user (for calling domain functions directly). */
export function viewerOf(user: { id: string; email: string; role: TRole }): TAppViewer {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    claims: { sub: user.id, role: "authenticated", aud: "authenticated", email: user.email },
  };
}

/** A tutor, by default with a connected Jitsi video connection (the provider tests use). */
export async function createTutor(sql: Sql, options: { withVideo?: boolean; fullName?: string } = {}): Promise<TTestUser> {
  const tutor = await createUser(sql, { role: "tutor", fullName: options.fullName ?? "Test Tutor" });
  if (options.withVideo ?? true) await connectJitsi(sql, tutor.id);
  return tutor;
}

export async function connectJitsi(sql: Sql, tutorId: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into public.tutor_video_provider_connections (tutor_id, provider, status)
    values (${tutorId}, 'jitsi', 'connected') returning id
  `;
  if (!row) throw new Error("no connection row");
  return row.id;
}

/** A parent linked to the student; approved unless `approved: false`. */
export async function createParentOf(sql: Sql, student: { id: string }, options: { approved?: boolean } = {}): Promise<TTestUser> {
  const parent = await createUser(sql, { role: "parent" });
  await sql`
    insert into public.parent_students (parent_id, student_id, approved_at)
    values (${parent.id}, ${student.id}, ${(options.approved ?? true) ? new Date() : null})
  `;
  return parent;
}

/** The subject all factory bookings use (created once). */
export async function ensureSubject(sql: Sql): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into public.subjects (slug, name) values ('factory-maths', 'Mathematics')
    on conflict (slug) do update set name = excluded.name
    returning id
  `;
  if (!row) throw new Error("no subject row");
  return row.id;
}

export type TBookingInput = {
  tutor: { id: string };
  student: { id: string };
  startAt: Date;
  durationMinutes?: number;
  priceCents?: number;
  status?: "pending" | "confirmed" | "declined" | "cancelled";
};

/** A booking request (pending by default), written as the service. */
export async function createBooking(sql: Sql, input: TBookingInput): Promise<{ bookingId: string }> {
  const subjectId = await ensureSubject(sql);
  const endAt = new Date(input.startAt.getTime() + (input.durationMinutes ?? 60) * MINUTE_MS);
  const status = input.status ?? "pending";
  const isConfirmed = status === "confirmed";
  const [row] = await sql<{ id: string }[]>`
    insert into public.bookings (student_id, tutor_id, subject_id, requested_by, requested_start_at, requested_end_at,
                                 confirmed_start_at, confirmed_end_at, price_cents, status, decided_at)
    values (${input.student.id}, ${input.tutor.id}, ${subjectId}, ${input.student.id}, ${input.startAt}, ${endAt},
            ${isConfirmed ? input.startAt : null}, ${isConfirmed ? endAt : null}, ${input.priceCents ?? 10_000}, ${status},
            ${status === "pending" ? null : new Date()})
    returning id
  `;
  if (!row) throw new Error("no booking row");
  return { bookingId: row.id };
}

/**
 * A confirmed booking with its SCHEDULED session and a Jitsi link, at any
 * instant (past or future), bypassing the confirmation flow. Rule columns and
 * the split come from the database exactly as confirmation sets them.
 */
export async function createSessionAt(
  sql: Sql,
  input: TBookingInput & { joinUrl?: string },
): Promise<{ sessionId: string; bookingId: string }> {
  const { bookingId } = await createBooking(sql, { ...input, status: "confirmed" });
  const duration = input.durationMinutes ?? 60;
  const [row] = await sql<{ id: string }[]>`
    insert into public.sessions (booking_id, tutor_id, student_id, subject_id, provider, scheduled_start_at, scheduled_end_at,
      duration_minutes, no_show_wait_minutes, min_payable_minutes, charge_scheduled_at, price_cents, currency,
      completion_payout_bps, no_show_charge_bps, no_show_payout_bps)
    select b.id, b.tutor_id, b.student_id, b.subject_id, 'jitsi', b.confirmed_start_at, b.confirmed_end_at,
           ${duration}, r.no_show_wait_minutes, r.min_payable_minutes, b.confirmed_end_at, b.price_cents, b.currency,
           ps.completion_payout_bps, ps.no_show_charge_bps, ps.no_show_payout_bps
    from public.bookings b, public.calculate_session_rules(${duration}) r, public.platform_settings ps
    where b.id = ${bookingId} and ps.id
    returning id
  `;
  if (!row) throw new Error("no session row");
  const room = `Factory-${randomUUID()}`;
  await sql`
    insert into public.session_meeting_links (session_id, provider, meeting_external_id, join_url)
    values (${row.id}, 'jitsi', ${room}, ${input.joinUrl ?? `https://meet.jit.si/${room}`})
  `;
  return { sessionId: row.id, bookingId };
}

/**
 * `count` SCHEDULED sessions in one statement (bookings, sessions, links), for
 * concurrency tests and the benchmark. Session i belongs to tutors[i % T] and
 * students[i % S]; each tutor's sessions are back to back, the last one ending
 * at `lastEndAt`, so none overlap. Returns the session ids.
 */
export async function createSessionsBulk(
  sql: Sql,
  input: { tutorIds: string[]; studentIds: string[]; count: number; lastEndAt: Date; durationMinutes?: number; priceCents?: number },
): Promise<string[]> {
  const subjectId = await ensureSubject(sql);
  const duration = input.durationMinutes ?? 60;
  const rows = await sql<{ session_id: string }[]>`
    with slots as materialized (
      select gen_random_uuid() as booking_id, gen_random_uuid() as session_id,
             (${input.tutorIds}::uuid[])[1 + i % ${input.tutorIds.length}] as tutor_id,
             (${input.studentIds}::uuid[])[1 + i % ${input.studentIds.length}] as student_id,
             ${input.lastEndAt}::timestamptz - make_interval(mins => (i / ${input.tutorIds.length} + 1) * ${duration}) as start_at,
             ${input.priceCents ?? 10_000}::bigint + (i % 7) as price_cents
      from generate_series(0, ${input.count - 1}) i
    ),
    new_bookings as (
      insert into public.bookings (id, student_id, tutor_id, subject_id, requested_by, requested_start_at, requested_end_at,
                                   confirmed_start_at, confirmed_end_at, price_cents, status, decided_at)
      select booking_id, student_id, tutor_id, ${subjectId}, student_id, start_at, start_at + make_interval(mins => ${duration}),
             start_at, start_at + make_interval(mins => ${duration}), price_cents, 'confirmed', now()
      from slots
    ),
    new_sessions as (
      insert into public.sessions (id, booking_id, tutor_id, student_id, subject_id, provider, scheduled_start_at, scheduled_end_at,
        duration_minutes, no_show_wait_minutes, min_payable_minutes, charge_scheduled_at, price_cents, currency,
        completion_payout_bps, no_show_charge_bps, no_show_payout_bps)
      select s.session_id, s.booking_id, s.tutor_id, s.student_id, ${subjectId}, 'jitsi', s.start_at,
             s.start_at + make_interval(mins => ${duration}), ${duration}, r.no_show_wait_minutes, r.min_payable_minutes,
             s.start_at + make_interval(mins => ${duration}), s.price_cents, 'TTD',
             ps.completion_payout_bps, ps.no_show_charge_bps, ps.no_show_payout_bps
      from slots s, public.calculate_session_rules(${duration}) r, public.platform_settings ps
      where ps.id
    ),
    new_links as (
      insert into public.session_meeting_links (session_id, provider, meeting_external_id, join_url)
      select session_id, 'jitsi', 'Bulk-' || session_id, 'https://meet.jit.si/Bulk-' || session_id from slots
    )
    select session_id from slots
  `;
  return rows.map((row) => row.session_id);
}

/**
 * Leaves nothing for a later file's charge job: this file's still-SCHEDULED
 * sessions become CANCELLED (call from afterAll).
 */
export async function cancelScheduledSessions(sql: Sql, tutorIds: string[]): Promise<void> {
  if (tutorIds.length === 0) return;
  await sql`
    update public.sessions set status = 'CANCELLED', cancelled_at = now()
    where tutor_id = any(${tutorIds}::uuid[]) and status = 'SCHEDULED'
  `;
}

/** A real access token from the local auth endpoint (supabase-js password sign-in), cached per user. */
const tokens = new Map<string, string>();
export async function signIn(user: { email: string; password: string }): Promise<string> {
  const cached = tokens.get(user.email);
  if (cached) return cached;
  const url = process.env.NEXT_PUBLIC_SUPABASE_URL;
  const anonKey = process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY;
  if (!url || !anonKey) throw new Error("NEXT_PUBLIC_SUPABASE_URL / _ANON_KEY are not set: run under the integration setup");
  const supabase = createClient(url, anonKey, { auth: { persistSession: false, autoRefreshToken: false } });
  const { data, error } = await supabase.auth.signInWithPassword({ email: user.email, password: user.password });
  if (error || !data.session) throw new Error(`sign-in failed for ${user.email}: ${error?.message ?? "no session"}`);
  tokens.set(user.email, data.session.access_token);
  return data.session.access_token;
}

export function minutesFrom(base: Date, minutes: number): Date {
  return new Date(base.getTime() + minutes * MINUTE_MS);
}

/** A Request for calling a route handler directly, as a client with this access token would send it. */
export function apiRequest(
  path: string,
  options: { method?: string; token?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Request {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  if (hasBody) headers["content-type"] = "application/json";
  return new Request(`http://localhost${path}`, {
    method: options.method ?? "POST",
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
}

/** Route context for a dynamic `[id]` segment (Next 16 passes params as a promise). */
export function idParams(id: string): { params: Promise<{ id: string }> } {
  return { params: Promise.resolve({ id }) };
}

/** Status, error code and parsed body of a route response. */
export async function readResponse(
  response: Response,
): Promise<{ status: number; code: string | undefined; body: Record<string, unknown>; text: string }> {
  const text = await response.text();
  const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  const error = body.error as { code?: string } | undefined;
  return { status: response.status, code: error?.code, body, text };
}
