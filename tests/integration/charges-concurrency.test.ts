import type { Sql } from "postgres";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { AppError } from "@/lib/api/errors";
import { markNoShow } from "@/lib/sessions/mark-no-show";
import { processDueCharges } from "@/lib/sessions/process-due-charges";
import { testDb } from "../support/db";
import { createSessionsBulk, createUsersBulk, minutesFrom, type TTestUser } from "../support/factories";

const SESSIONS = 1000;
const TUTORS = 20;
const CHARGE_RUNS = 4;

let sql: Sql;
const pools: Sql[] = [];
let tutors: TTestUser[];
let sessionIds: string[];
// Sessions end at or before lastEnd; the charge job runs at chargeAt, when all are due.
const lastEnd = new Date("2096-06-01T00:00:00.000Z");
const chargeAt = minutesFrom(lastEnd, 1);

beforeAll(async () => {
  sql = testDb();
  await processDueCharges({ db: sql, now: chargeAt }); // what earlier files left due is not part of this count
  tutors = await createUsersBulk(sql, { role: "tutor", count: TUTORS });
  const students = await createUsersBulk(sql, { role: "student", count: 25 });
  sessionIds = await createSessionsBulk(sql, {
    tutorIds: tutors.map((tutor) => tutor.id),
    studentIds: students.map((student) => student.id),
    count: SESSIONS,
    lastEndAt: lastEnd,
    priceCents: 10_000,
  }); // Every tutor opened their lesson (a no-show needs the tutor present).
  await sql`update public.sessions set tutor_joined_at = scheduled_start_at where id = any(${sessionIds}::uuid[])`;
});

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end({ timeout: 1 })));
  await sql.end();
});

it(`${CHARGE_RUNS} charge jobs at once plus tutors marking no-shows on the same ${SESSIONS} due sessions: each charged exactly once`, async () => {
  const sessions = await sql<{ id: string; tutor_id: string; scheduled_end_at: Date }[]>`
    select id, tutor_id, scheduled_end_at from public.sessions where id = any(${sessionIds}::uuid[])`;
  const tutorById = new Map(tutors.map((tutor) => [tutor.id, tutor]));
  const noShowTargets = sessions.filter((_, index) => index % 3 === 0);

  const noShowPool = testDb(8);
  pools.push(noShowPool);
  let markedSoFar = 0;
  let onHeadStart: () => void = () => {};
  const headStart = new Promise<void>((resolve) => (onHeadStart = resolve));
  // Each tutor's request began one minute before the end: inside the no-show window, racing the job.
  const noShows = noShowTargets.map(async (session) => {
    const tutor = tutorById.get(session.tutor_id);
    if (!tutor) throw new Error("unknown tutor");
    try {
      await markNoShow({ db: noShowPool, viewer: tutor.viewer, sessionId: session.id, now: minutesFrom(session.scheduled_end_at, -1) });
      if (++markedSoFar === 20) onHeadStart();
      return "marked" as const;
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict") return "lost" as const;
      throw error;
    }
  });
  // The job is much faster than 333 HTTP-sized requests: let the tutors start first, then race.
  await Promise.race([headStart, Promise.all(noShows)]);
  const silence = vi.spyOn(console, "info").mockImplementation(() => {});
  const chargeRuns = Array.from({ length: CHARGE_RUNS }, () => {
    const pool = testDb(2);
    pools.push(pool);
    // Small batches so the runs interleave on many rows instead of one taking everything.
    return processDueCharges({ db: pool, now: chargeAt, batchSize: 40 });
  });
  const [runs, noShowOutcomes] = await Promise.all([Promise.all(chargeRuns), Promise.all(noShows)]).finally(() => silence.mockRestore());
  const lost = noShowOutcomes.filter((outcome) => outcome === "lost").length;

  const marked = noShowOutcomes.filter((outcome) => outcome === "marked").length;
  const charged = runs.reduce((total, run) => total + run.completed, 0);
  expect(runs.every((run) => run.failed === 0 && run.earlyEnd === 0)).toBe(true);
  expect(charged + marked).toBe(SESSIONS);
  // Both sides really won rows the other wanted.
  expect(marked).toBeGreaterThan(20);
  expect(lost).toBeGreaterThan(0);
  expect(runs.filter((run) => run.completed > 0).length).toBeGreaterThan(1); // they really ran side by side

  const [states] = await sql`
    select count(*) filter (where status = 'COMPLETED_ASSUMED')::int as completed,
           count(*) filter (where status = 'NO_SHOW_STUDENT')::int as no_show,
           count(*) filter (where status not in ('COMPLETED_ASSUMED', 'NO_SHOW_STUDENT'))::int as other
    from public.sessions where id = any(${sessionIds}::uuid[])`;
  expect(states).toEqual({ completed: charged, no_show: marked, other: 0 });

  // Exactly one set of ledger rows per session, and it adds up to the session's amounts.
  const [ledger] = await sql`
    with per_session as (
      select s.id, s.status, s.price_cents, s.charge_cents, s.payout_cents, s.platform_fee_cents,
             count(l.id) as rows,
             count(distinct l.kind) as kinds,
             coalesce(sum(l.amount_cents) filter (where l.kind = 'charge'), 0) as charge,
             coalesce(sum(l.amount_cents) filter (where l.kind = 'payout'), 0) as payout,
             coalesce(sum(l.amount_cents) filter (where l.kind = 'platform_fee'), 0) as fee
      from public.sessions s left join public.ledger_entries l on l.session_id = s.id
      where s.id = any(${sessionIds}::uuid[])
      group by s.id
    )
    select count(*) filter (where rows <> 3 or kinds <> 3)::int as wrong_row_count,
           count(*) filter (where charge <> charge_cents or payout <> payout_cents or fee <> platform_fee_cents)::int as wrong_amounts,
           count(*) filter (where charge_cents <> payout_cents + platform_fee_cents)::int as unbalanced,
           count(*) filter (where charge_cents <> case status when 'NO_SHOW_STUDENT' then public.apply_bps(price_cents, 5000) else price_cents end)::int as wrong_charge,
           sum(charge)::bigint = sum(charge_cents)::bigint as totals_match
    from per_session`;
  expect(ledger).toEqual({ wrong_row_count: 0, wrong_amounts: 0, unbalanced: 0, wrong_charge: 0, totals_match: true });

  // And exactly one terminal audit event each.
  const [events] = await sql`
    select count(*) filter (where n <> 1)::int as wrong
    from (select s.id, count(e.id) as n from public.sessions s
          left join public.session_events e on e.session_id = s.id and e.type in ('session.charged', 'session.no_show_marked')
          where s.id = any(${sessionIds}::uuid[]) group by s.id) t`;
  expect(events).toEqual({ wrong: 0 });

  // A late tick finds nothing left to do.
  expect(await processDueCharges({ db: sql, now: chargeAt })).toMatchObject({ processed: 0, failed: 0 });
});
