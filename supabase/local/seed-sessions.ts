import { randomBytes } from "node:crypto";
import postgres, { type Sql } from "postgres";
import { chargeDemoSession } from "./seed-charges.ts";

/**
 * The demo sessions (README "Demo accounts"), made relative to `now` on every start.
 * Each case is looked for first; a missing one is made with the first demo tutor whose
 * calendar has room (a tutor's confirmed bookings may not overlap). Demo sessions that have
 * not started and represent no case are cancelled, properly, to make room; a session that has
 * started or ended is history and never moved.
 */
export const DEMO_NOTE = "Demo session";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export type TDemoOutcome = "COMPLETED_ASSUMED" | "NO_SHOW_STUDENT";

type TDemoSlot = { startAt: Date; durationMinutes: number; outcome?: TDemoOutcome; isTutorJoined?: boolean; priceCents?: number };

/** `count` candidate slots, `stepMinutes` apart, from `firstMinutes` after now. */
const slots = (now: Date, firstMinutes: number, stepMinutes: number, count: number, slot: Omit<TDemoSlot, "startAt">): TDemoSlot[] =>
  Array.from({ length: count }, (_, i) => ({ ...slot, startAt: at(now, firstMinutes + i * stepMinutes) }));

type TCaseContext = { sql: Sql; now: Date; studentIds: string[]; tutorIds: string[] };

type TDemoCase = {
  name: string;
  /** The id of a demo session that shows this case now, if there is one. */
  find: (c: TCaseContext) => postgres.PendingQuery<{ id: string }[]>;
  /** Where a new one may go, relative to now, best first (earlier demo rows may hold the first choice). */
  plan: (now: Date) => TDemoSlot[];
};

const demo = (c: TCaseContext) => c.sql`s.student_id in ${c.sql(c.studentIds)} and s.tutor_id in ${c.sql(c.tutorIds)}`;
const at = (now: Date, minutes: number) => new Date(now.getTime() + minutes * MINUTE);
const roundToHour = (date: Date) => new Date(Math.round(date.getTime() / HOUR) * HOUR);

export const DEMO_CASES: TDemoCase[] = [
  {
    name: "in its no-show window, tutor joined",
    find: (c) => c.sql`select s.id from public.sessions s where ${demo(c)} and s.status = 'SCHEDULED'
      and s.student_joined_at is null and s.tutor_joined_at is not null
      and s.scheduled_start_at + make_interval(mins => s.no_show_wait_minutes) <= ${c.now} and s.scheduled_end_at > ${c.now} limit 1`,
    // 33 minutes: the 10-minute wait passed 20 minutes ago; it ends as the next case starts.
    plan: (now) => [
      { startAt: at(now, -30), durationMinutes: 33, isTutorJoined: true },
      { startAt: at(now, -14), durationMinutes: 30, isTutorJoined: true },
    ],
  },
  {
    name: "starts within 5 minutes",
    find: (c) => c.sql`select s.id from public.sessions s where ${demo(c)} and s.status = 'SCHEDULED'
      and s.scheduled_start_at > ${c.now} and s.scheduled_start_at <= ${at(c.now, 5)} limit 1`,
    plan: (now) => slots(now, 3, 1, 3, { durationMinutes: 60 }),
  },
  {
    name: "due (ended, not charged)",
    find: (c) =>
      c.sql`select s.id from public.sessions s where ${demo(c)} and s.status = 'SCHEDULED' and s.scheduled_end_at <= ${c.now} limit 1`,
    // Ended before the in-progress case started; further back when earlier demo rows hold that time.
    plan: (now) => slots(now, -95, -45, 12, { durationMinutes: 45 }),
  },
  {
    name: "charged, payout held",
    find: (c) => c.sql`select s.id from public.sessions s join public.ledger_entries l on l.session_id = s.id and l.kind = 'payout'
      where ${demo(c)} and s.status = 'COMPLETED_ASSUMED' and l.status = 'held' and l.release_at > ${c.now} limit 1`,
    plan: (now) => slots(now, -4 * 60, -90, 8, { durationMinutes: 60, outcome: "COMPLETED_ASSUMED" }),
  },
  {
    name: "charged, payout released",
    find: (c) => c.sql`select s.id from public.sessions s join public.ledger_entries l on l.session_id = s.id and l.kind = 'payout'
      where ${demo(c)} and s.status = 'COMPLETED_ASSUMED' and l.status = 'released' limit 1`,
    plan: (now) => slots(now, -30 * 60, -90, 8, { durationMinutes: 60, outcome: "COMPLETED_ASSUMED" }),
  },
  {
    name: "student no-show",
    find: (c) => c.sql`select s.id from public.sessions s where ${demo(c)} and s.status = 'NO_SHOW_STUDENT' limit 1`,
    plan: (now) => slots(now, -50 * 60, -120, 8, { durationMinutes: 90, outcome: "NO_SHOW_STUDENT", priceCents: 22_500 }),
  },
  {
    name: "tomorrow",
    find: (c) => c.sql`select s.id from public.sessions s where ${demo(c)} and s.status = 'SCHEDULED'
      and s.scheduled_start_at >= ${at(c.now, 12 * 60)} and s.scheduled_start_at <= ${at(c.now, 48 * 60)} limit 1`,
    plan: (now) => slots(roundToHour(at(now, 24 * 60)), 0, 90, 8, { durationMinutes: 60 }),
  },
];

/**
 * Makes every missing case. All cases are looked up before any is made, so making room
 * never cancels a session that shows another case. Returns the cases no tutor had room for.
 */
export async function topUpDemoSessions(options: {
  sql: Sql;
  now: Date;
  /**
   * In order of preference, like `tutorIds`: a student can't be in two lessons at once, so a case whose
   * time overlaps one of student@'s lessons (a restart minutes later) goes to the next demo student.
   */
  studentIds: string[];
  /** In order of preference: the first with room gets a missing case. */
  tutorIds: string[];
  subjectId: string;
  priceCents: number;
}): Promise<string[]> {
  const { sql, now, studentIds, tutorIds } = options;
  const context: TCaseContext = { sql, now, studentIds, tutorIds };
  const keep = new Set<string>();
  const missing: TDemoCase[] = [];
  for (const demoCase of DEMO_CASES) {
    const [found] = await demoCase.find(context);
    if (found) keep.add(found.id);
    else missing.push(demoCase);
  }
  const unplaced: string[] = [];
  for (const demoCase of missing) {
    let sessionId: string | null = null;
    // Each slot with every student and tutor in turn (student@ and tutor@ first) before the next, less natural, slot.
    for (const slot of demoCase.plan(now)) {
      for (const studentId of studentIds) {
        for (const tutorId of tutorIds) {
          sessionId ??= await createDemoSession({
            ...options,
            ...slot,
            studentId,
            tutorId,
            priceCents: slot.priceCents ?? options.priceCents,
            makeRoom: { keep },
          });
        }
      }
      if (sessionId) break;
    }
    if (sessionId) keep.add(sessionId);
    else unplaced.push(demoCase.name);
  }
  return unplaced;
}

/**
 * A confirmed booking with its session, as the app would have made it (service writes), with
 * its audit rows. `outcome` creates an already-charged session with its ledger rows.
 * With `makeRoom`, this tutor's demo sessions in the way that have not started (and are not
 * kept) are cancelled first; if anything else is in the way, nothing is written and it
 * returns null. Exported for tests that need a session at a precise time.
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
  outcome?: TDemoOutcome;
  /** The tutor joined a minute after the start (no-show window demos: a tutor must have joined to mark one). */
  isTutorJoined?: boolean;
  makeRoom?: { keep: ReadonlySet<string> };
}): Promise<string | null> {
  const { sql, tutorId, studentId, subjectId, startAt, durationMinutes, priceCents, now, outcome } = options;
  const endAt = new Date(startAt.getTime() + durationMinutes * MINUTE);
  const decidedAt = new Date(Math.min(startAt.getTime() - 24 * HOUR, now.getTime()));
  // The bookings' exclusion constraints (tutor with buffers, student) are the last word on room.
  return sql
    .begin(async (tx) => {
      if (options.makeRoom && !(await cancelInTheWay(tx, { tutorId, studentId, startAt, endAt, now, keep: options.makeRoom.keep }))) {
        return null;
      }
      const [booking] = await tx<{ id: string }[]>`
      insert into public.bookings (student_id, tutor_id, subject_id, requested_by, requested_start_at, requested_end_at,
        confirmed_start_at, confirmed_end_at, price_cents, currency, status, decided_at, note, created_at)
      values (${studentId}, ${tutorId}, ${subjectId}, ${studentId}, ${startAt}, ${endAt}, ${startAt}, ${endAt},
        ${priceCents}, 'TTD', 'confirmed', ${decidedAt}, ${DEMO_NOTE}, ${new Date(decidedAt.getTime() - HOUR)})
      returning id`;
      const bookingId = booking!.id;
      const [session] = await tx<{ id: string }[]>`
      insert into public.sessions (booking_id, tutor_id, student_id, subject_id, provider, scheduled_start_at, scheduled_end_at,
        duration_minutes, no_show_wait_minutes, min_payable_minutes, charge_scheduled_at, price_cents, currency,
        completion_payout_bps, no_show_charge_bps, no_show_payout_bps, tutor_joined_at)
      select ${bookingId}, ${tutorId}, ${studentId}, ${subjectId}, 'jitsi', ${startAt}, ${endAt}, ${durationMinutes},
        r.no_show_wait_minutes, r.min_payable_minutes, ${endAt}, ${priceCents}, 'TTD',
        s.completion_payout_bps, s.no_show_charge_bps, s.no_show_payout_bps,
        ${options.isTutorJoined ? new Date(startAt.getTime() + MINUTE) : null}
      from public.calculate_session_rules(${durationMinutes}) r, public.platform_settings s
      returning id`;
      const sessionId = session!.id;
      const room = `Tutoring-${randomBytes(16).toString("hex")}`;
      await tx`insert into public.session_meeting_links (session_id, provider, meeting_external_id, join_url)
             values (${sessionId}, 'jitsi', ${room}, ${`https://meet.jit.si/${room}`})`;
      await tx`insert into public.booking_events (booking_id, type, actor_id, actor_role, payload, at) values
      (${bookingId}, 'booking.requested', ${studentId}, 'student', '{}', ${new Date(decidedAt.getTime() - HOUR)}),
      (${bookingId}, 'booking.confirmed', ${tutorId}, 'tutor', ${tx.json({ session_id: sessionId })}, ${decidedAt})`;
      await tx`insert into public.session_events (session_id, type, actor_id, actor_role, payload, at) values
      (${sessionId}, 'session.created', ${tutorId}, 'tutor', ${tx.json({ provider: "jitsi" })}, ${decidedAt})`;
      if (options.isTutorJoined) {
        await tx`insert into public.session_events (session_id, type, actor_id, actor_role, payload, at)
               values (${sessionId}, 'session.joined', ${tutorId}, 'tutor', '{}', ${new Date(startAt.getTime() + MINUTE)})`;
      }
      if (outcome) await chargeDemoSession(tx, { sessionId, outcome, startAt, endAt, now });
      return sessionId;
    })
    .catch((error: unknown) => {
      if (error instanceof postgres.PostgresError && error.code === "23P01") return null;
      throw error;
    });
}

/**
 * Cancels the not-yet-started, unkept demo sessions of this tutor or this student overlapping the slot (the
 * bookings' constraints hold both); false if anything else is in the way, a pending request included.
 */
async function cancelInTheWay(
  tx: postgres.TransactionSql,
  o: { tutorId: string; studentId: string; startAt: Date; endAt: Date; now: Date; keep: ReadonlySet<string> },
): Promise<boolean> {
  const overlapping = await tx<{ booking_id: string; session_id: string | null; is_movable: boolean }[]>`
    select b.id as booking_id, s.id as session_id,
      (b.note = ${DEMO_NOTE} and s.status is not distinct from 'SCHEDULED' and s.scheduled_start_at > ${o.now}) as is_movable
    from public.bookings b left join public.sessions s on s.booking_id = b.id
    where (b.tutor_id = ${o.tutorId} or b.student_id = ${o.studentId}) and b.status in ('pending', 'confirmed')
      and tstzrange(coalesce(b.confirmed_start_at, b.requested_start_at), coalesce(b.confirmed_end_at, b.requested_end_at), '[)')
       && tstzrange(${o.startAt}, ${o.endAt}, '[)')
    for update of b`;
  if (overlapping.some((row) => !row.is_movable || (row.session_id !== null && o.keep.has(row.session_id)))) return false;
  for (const row of overlapping) {
    await tx`update public.bookings set status = 'cancelled', decided_at = ${o.now} where id = ${row.booking_id}`;
    await tx`update public.sessions set status = 'CANCELLED', cancelled_at = ${o.now} where id = ${row.session_id}`;
    await tx`insert into public.booking_events (booking_id, type, actor_role, payload, at)
             values (${row.booking_id}, 'booking.cancelled', 'system', ${tx.json({ reason: "demo data top-up" })}, ${o.now})`;
    await tx`insert into public.session_events (session_id, type, actor_role, payload, at)
             values (${row.session_id}, 'session.cancelled', 'system', ${tx.json({ reason: "demo data top-up" })}, ${o.now})`;
  }
  return true;
}
