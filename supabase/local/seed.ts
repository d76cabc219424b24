import { randomBytes } from "node:crypto";
import postgres, { type Sql } from "postgres";
import { createAuthUser } from "./auth-server.ts";

/**
 * Demo data for `npm run dev` (README "Demo accounts"). Every run tops the
 * time-relative cases up against `now`, so a restart on old data still shows
 * each case: a session starting in 3 minutes, one in progress past its no-show
 * wait, one ended and not yet charged, one charged, one no-show, one tomorrow,
 * and pending requests. A tutor's confirmed bookings may not overlap, so the
 * in-progress session ends as the 3-minute one starts.
 */
export const DEMO_PASSWORD = "demo1234";

export const DEMO_ACCOUNTS = [
  { email: "tutor@example.com", role: "tutor", fullName: "Tara Tutor" },
  { email: "tutor2@example.com", role: "tutor", fullName: "Theo Second-Tutor" },
  { email: "student@example.com", role: "student", fullName: "Sam Student" },
  { email: "student2@example.com", role: "student", fullName: "Sasha Student" },
  { email: "parent@example.com", role: "parent", fullName: "Pat Parent" },
  { email: "admin@example.com", role: "admin", fullName: "Ada Admin" },
] as const;

const SUBJECTS = [
  { slug: "mathematics", name: "Mathematics" },
  { slug: "physics", name: "Physics" },
  { slug: "english", name: "English" },
] as const;

const DEMO_NOTE = "Demo session";
const TIMEZONE = "America/Port_of_Spain";
const MINUTE = 60_000;

export async function seedDemoData(databaseUrl: string, now: Date): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const ids = await seedAccounts(sql);
    await seedCatalog(sql, ids);
    await topUpDemoSessions(sql, ids, now);
  } finally {
    await sql.end();
  }
}

type TDemoIds = Record<(typeof DEMO_ACCOUNTS)[number]["email"], string> & { subjects: Record<string, string> };

async function seedAccounts(sql: Sql): Promise<TDemoIds> {
  const ids: Record<string, string> = {};
  for (const account of DEMO_ACCOUNTS) {
    const isAdmin = account.role === "admin";
    ids[account.email] = await createAuthUser(sql, {
      email: account.email,
      password: DEMO_PASSWORD,
      userMetadata: { role: isAdmin ? "student" : account.role, full_name: account.fullName, timezone: TIMEZONE },
      appMetadata: isAdmin ? { role: "admin" } : {},
    });
  }
  const parentId = ids["parent@example.com"]!;
  const studentId = ids["student@example.com"]!;
  await sql`
    insert into public.parent_students (parent_id, student_id, approved_at)
    values (${parentId}, ${studentId}, now())
    on conflict (parent_id, student_id) do update set approved_at = coalesce(parent_students.approved_at, now())`;
  return { ...(ids as Record<(typeof DEMO_ACCOUNTS)[number]["email"], string>), subjects: {} };
}

async function seedCatalog(sql: Sql, ids: TDemoIds): Promise<void> {
  for (const subject of SUBJECTS) {
    const [row] = await sql<{ id: string }[]>`
      insert into public.subjects (slug, name) values (${subject.slug}, ${subject.name})
      on conflict (slug) do update set name = excluded.name
      returning id`;
    ids.subjects[subject.slug] = row!.id;
  }
  const tutor = ids["tutor@example.com"];
  const tutor2 = ids["tutor2@example.com"];
  const prices: [string, string, number][] = [
    [tutor, "mathematics", 15_000],
    [tutor, "physics", 18_000],
    [tutor2, "english", 12_000],
  ];
  for (const [tutorId, slug, price] of prices) {
    await sql`
      insert into public.tutor_subjects (tutor_id, subject_id, price_cents, currency)
      values (${tutorId}, ${ids.subjects[slug]!}, ${price}, 'TTD')
      on conflict do nothing`;
  }
  for (const tutorId of [tutor, tutor2]) {
    const [existing] = await sql`select 1 from public.tutor_availability where tutor_id = ${tutorId} limit 1`;
    if (existing) continue;
    for (const weekday of [1, 2, 3, 4, 5]) {
      await sql`
        insert into public.tutor_availability (tutor_id, weekday, start_time, end_time, timezone)
        values (${tutorId}, ${weekday}, '15:00', '20:00', ${TIMEZONE}), (${tutorId}, ${6}, '09:00', '13:00', ${TIMEZONE})
        on conflict do nothing`;
    }
  }
  // tutor@ has Jitsi Meet connected (needs no account); tutor2@ has no video connection.
  await sql`
    insert into public.tutor_video_provider_connections (tutor_id, provider, status, provider_account_email)
    select ${tutor}, 'jitsi', 'connected', 'tutor@example.com'
    where not exists (select 1 from public.tutor_video_provider_connections where tutor_id = ${tutor} and status = 'connected')`;
}

async function topUpDemoSessions(sql: Sql, ids: TDemoIds, now: Date): Promise<void> {
  const tutorId = ids["tutor@example.com"];
  const studentId = ids["student@example.com"];
  const math = ids.subjects["mathematics"]!;
  const at = (minutesFromNow: number) => new Date(now.getTime() + minutesFromNow * MINUTE);
  const base = { sql, tutorId, studentId, subjectId: math, priceCents: 15_000, now };

  // Each case: is one there now? If not, make one. Times never overlap for the tutor.
  const has = async (predicate: postgres.PendingQuery<postgres.Row[]>) => (await predicate).length > 0;

  if (!(await has(sql`select 1 from public.sessions where tutor_id = ${tutorId} and status = 'SCHEDULED'
       and scheduled_start_at > ${now} and scheduled_start_at <= ${at(10)} limit 1`))) {
    await createDemoSession({ ...base, startAt: at(3), durationMinutes: 60, makeRoom: true });
  }
  if (!(await has(sql`select 1 from public.sessions where tutor_id = ${tutorId} and status = 'SCHEDULED'
       and student_joined_at is null and scheduled_start_at + make_interval(mins => no_show_wait_minutes) <= ${now}
       and scheduled_end_at > ${now} limit 1`))) {
    // 33 minutes: the 10-minute wait passed 20 minutes ago; ends as the next one starts.
    await createDemoSession({ ...base, startAt: at(-30), durationMinutes: 33, makeRoom: true });
  }
  if (!(await has(sql`select 1 from public.sessions where tutor_id = ${tutorId} and status = 'SCHEDULED'
       and scheduled_end_at <= ${now} limit 1`))) {
    await createDemoSession({ ...base, startAt: at(-95), durationMinutes: 60, makeRoom: true });
  }
  if (!(await has(sql`select 1 from public.sessions where tutor_id = ${tutorId} and status = 'COMPLETED_ASSUMED' limit 1`))) {
    await createDemoSession({ ...base, startAt: at(-4 * 60), durationMinutes: 60, outcome: "COMPLETED_ASSUMED" });
  }
  if (!(await has(sql`select 1 from public.sessions where tutor_id = ${tutorId} and status = 'NO_SHOW_STUDENT' limit 1`))) {
    await createDemoSession({ ...base, startAt: at(-50 * 60), durationMinutes: 90, priceCents: 22_500, outcome: "NO_SHOW_STUDENT" });
  }
  if (!(await has(sql`select 1 from public.sessions where tutor_id = ${tutorId} and status = 'SCHEDULED'
       and scheduled_start_at >= ${at(12 * 60)} and scheduled_start_at <= ${at(48 * 60)} limit 1`))) {
    await createDemoSession({ ...base, startAt: roundToHour(at(24 * 60)), durationMinutes: 60, makeRoom: true });
  }
  const [pending] = await sql<{ count: number }[]>`
    select count(*)::int as count from public.bookings
    where tutor_id = ${tutorId} and status = 'pending' and requested_start_at > ${now}`;
  for (let i = pending?.count ?? 0; i < 2; i++) {
    await createPendingBooking(sql, { tutorId, studentId: i === 0 ? studentId : ids["student2@example.com"], subjectId: ids.subjects["physics"]!, startAt: roundToHour(at((2 + i) * 24 * 60)), durationMinutes: 60, priceCents: 18_000 });
  }
  const [pending2] = await sql`select 1 from public.bookings where tutor_id = ${ids["tutor2@example.com"]} and status = 'pending' and requested_start_at > ${now} limit 1`;
  if (!pending2) {
    await createPendingBooking(sql, { tutorId: ids["tutor2@example.com"], studentId, subjectId: ids.subjects["english"]!, startAt: roundToHour(at(3 * 24 * 60)), durationMinutes: 60, priceCents: 12_000 });
  }
}

function roundToHour(date: Date): Date {
  return new Date(Math.round(date.getTime() / (60 * MINUTE)) * 60 * MINUTE);
}

async function createPendingBooking(
  sql: Sql,
  b: { tutorId: string; studentId: string; subjectId: string; startAt: Date; durationMinutes: number; priceCents: number },
): Promise<void> {
  const endAt = new Date(b.startAt.getTime() + b.durationMinutes * MINUTE);
  await sql`
    insert into public.bookings (student_id, tutor_id, subject_id, requested_by, requested_start_at, requested_end_at, price_cents, currency, status, note)
    values (${b.studentId}, ${b.tutorId}, ${b.subjectId}, ${b.studentId}, ${b.startAt}, ${endAt}, ${b.priceCents}, 'TTD', 'pending', 'Demo request')`;
}

/**
 * A confirmed booking with its session, as the app would have made it (service
 * writes). `outcome` creates an already-charged session with its ledger rows
 * and audit events. With `makeRoom`, older demo sessions in the way are cancelled.
 * Exported for tests that need a session at a precise time.
 */
export async function createDemoSession(options: {
  sql: Sql;
  tutorId: string;
  studentId: string;
  subjectId: string;
  startAt: Date;
  durationMinutes: number;
  priceCents: number;
  now: Date;
  outcome?: "COMPLETED_ASSUMED" | "NO_SHOW_STUDENT";
  /** Cancel this tutor's overlapping, still-scheduled demo sessions first (the tutor can't be double-booked). */
  makeRoom?: boolean;
}): Promise<string | null> {
  const { sql, tutorId, studentId, subjectId, startAt, durationMinutes, priceCents, now, outcome } = options;
  const endAt = new Date(startAt.getTime() + durationMinutes * MINUTE);
  return sql.begin(async (tx) => {
    if (options.makeRoom) {
      const cancelled = await tx<{ id: string }[]>`
        update public.bookings b set status = 'cancelled', decided_at = ${now}
        from public.sessions s
        where s.booking_id = b.id and b.tutor_id = ${tutorId} and b.status = 'confirmed' and b.note = ${DEMO_NOTE}
          and s.status = 'SCHEDULED'
          and tstzrange(b.confirmed_start_at, b.confirmed_end_at, '[)') && tstzrange(${startAt}, ${endAt}, '[)')
        returning s.id`;
      for (const { id } of cancelled) {
        await tx`update public.sessions set status = 'CANCELLED', cancelled_at = ${now} where id = ${id}`;
        await tx`insert into public.session_events (session_id, type, actor_role, payload) values (${id}, 'session.cancelled', 'system', ${tx.json({ reason: "demo top-up" })})`;
      }
      const [clash] = await tx`select 1 from public.bookings where tutor_id = ${tutorId} and status = 'confirmed'
        and tstzrange(confirmed_start_at, confirmed_end_at, '[)') && tstzrange(${startAt}, ${endAt}, '[)') limit 1`;
      if (clash) return null;
    }
    const [booking] = await tx<{ id: string }[]>`
      insert into public.bookings (student_id, tutor_id, subject_id, requested_by, requested_start_at, requested_end_at,
        confirmed_start_at, confirmed_end_at, price_cents, currency, status, decided_at, note)
      values (${studentId}, ${tutorId}, ${subjectId}, ${studentId}, ${startAt}, ${endAt}, ${startAt}, ${endAt},
        ${priceCents}, 'TTD', 'confirmed', ${new Date(startAt.getTime() - 24 * 60 * MINUTE)}, ${DEMO_NOTE})
      returning id`;
    const [session] = await tx<{ id: string }[]>`
      insert into public.sessions (booking_id, tutor_id, student_id, subject_id, provider, scheduled_start_at, scheduled_end_at,
        duration_minutes, no_show_wait_minutes, min_payable_minutes, charge_scheduled_at, price_cents, currency,
        completion_payout_bps, no_show_charge_bps, no_show_payout_bps)
      select ${booking!.id}, ${tutorId}, ${studentId}, ${subjectId}, 'jitsi', ${startAt}, ${endAt}, ${durationMinutes},
        r.no_show_wait_minutes, r.min_payable_minutes, ${endAt}, ${priceCents}, 'TTD',
        s.completion_payout_bps, s.no_show_charge_bps, s.no_show_payout_bps
      from public.calculate_session_rules(${durationMinutes}) r, public.platform_settings s
      returning id`;
    const sessionId = session!.id;
    const room = `Tutoring-${randomBytes(16).toString("hex")}`;
    await tx`insert into public.session_meeting_links (session_id, provider, meeting_external_id, join_url)
             values (${sessionId}, 'jitsi', ${room}, ${`https://meet.jit.si/${room}`})`;
    await tx`insert into public.session_events (session_id, type, actor_id, actor_role, payload, at) values
      (${sessionId}, 'booking.confirmed', ${tutorId}, 'tutor', '{}', ${new Date(startAt.getTime() - 24 * 60 * MINUTE)}),
      (${sessionId}, 'session.created', ${tutorId}, 'tutor', ${tx.json({ provider: "jitsi" })}, ${new Date(startAt.getTime() - 24 * 60 * MINUTE)})`;
    if (outcome) await chargeDemoSession(tx, { sessionId, outcome, startAt, endAt, now });
    return sessionId;
  });
}

async function chargeDemoSession(
  tx: postgres.TransactionSql,
  o: { sessionId: string; outcome: "COMPLETED_ASSUMED" | "NO_SHOW_STUDENT"; startAt: Date; endAt: Date; now: Date },
): Promise<void> {
  const isNoShow = o.outcome === "NO_SHOW_STUDENT";
  const chargedAt = isNoShow ? new Date(o.startAt.getTime() + 35 * MINUTE) : o.endAt;
  // Same rounding as lib/payments/split.ts: half up on integers; fee is the remainder.
  const [s] = await tx<{ charge: string; payout: string; student_id: string; tutor_id: string; hold: number }[]>`
    update public.sessions set
      status = ${o.outcome},
      charged_at = ${chargedAt},
      marked_no_show_at = ${isNoShow ? chargedAt : null},
      tutor_joined_at = ${o.startAt},
      student_joined_at = ${isNoShow ? null : o.startAt},
      charge_cents = case when ${isNoShow} then (price_cents * no_show_charge_bps * 2 + 10000) / 20000 else price_cents end,
      payout_cents = case when ${isNoShow} then (price_cents * no_show_payout_bps * 2 + 10000) / 20000
                          else (price_cents * completion_payout_bps * 2 + 10000) / 20000 end,
      platform_fee_cents = case when ${isNoShow}
        then (price_cents * no_show_charge_bps * 2 + 10000) / 20000 - (price_cents * no_show_payout_bps * 2 + 10000) / 20000
        else price_cents - (price_cents * completion_payout_bps * 2 + 10000) / 20000 end
    where id = ${o.sessionId}
    returning charge_cents::text as charge, payout_cents::text as payout, student_id, tutor_id,
      (select payout_hold_hours from public.platform_settings) as hold`;
  const releaseAt = new Date(chargedAt.getTime() + s!.hold * 60 * MINUTE);
  const isReleased = releaseAt <= o.now;
  const fee = BigInt(s!.charge) - BigInt(s!.payout);
  await tx`insert into public.ledger_entries (session_id, kind, party_id, amount_cents, currency, status, release_at, released_at, idempotency_key, created_at) values
    (${o.sessionId}, 'charge', ${s!.student_id}, ${s!.charge}, 'TTD', 'posted', null, null, ${`session:${o.sessionId}:charge`}, ${chargedAt}),
    (${o.sessionId}, 'payout', ${s!.tutor_id}, ${s!.payout}, 'TTD', ${isReleased ? "released" : "held"}, ${releaseAt}, ${isReleased ? releaseAt : null}, ${`session:${o.sessionId}:payout`}, ${chargedAt})`;
  if (fee > 0n) {
    await tx`insert into public.ledger_entries (session_id, kind, party_id, amount_cents, currency, status, idempotency_key, created_at)
      values (${o.sessionId}, 'platform_fee', null, ${fee.toString()}, 'TTD', 'posted', ${`session:${o.sessionId}:platform_fee`}, ${chargedAt})`;
  }
  await tx`insert into public.session_events (session_id, type, actor_id, actor_role, payload, at) values
    (${o.sessionId}, ${isNoShow ? "session.no_show_marked" : "session.charged"}, ${isNoShow ? s!.tutor_id : null},
     ${isNoShow ? "tutor" : "system"}, ${tx.json({ charge_cents: Number(s!.charge), payout_cents: Number(s!.payout) })}, ${chargedAt})`;
}
