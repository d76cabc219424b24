import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { processDueCharges } from "@/lib/sessions/process-due-charges";
import { testDb } from "../support/db";
import {
  apiRequest,
  cancelScheduledSessions,
  createSessionAt,
  createTutor,
  createUser,
  minutesFrom,
  readResponse,
  type TTestUser,
} from "../support/factories";

let sql: Sql;
let tutor: TTestUser;
let student: TTestUser;
const tutorsToClean: string[] = [];
// The job runs at fixed instants far from the wall clock; each test drains everything due first.
const base = new Date("2095-01-10T12:00:00.000Z");
let slot = 0;
const nextStart = () => minutesFrom(base, 24 * 60 * slot++);
const HOUR = 60;

async function sessionState(sessionId: string) {
  const [row] = await sql`
    select s.status, s.charged_at, s.charge_cents::int, s.payout_cents::int, s.platform_fee_cents::int,
           (select count(*)::int from public.ledger_entries l where l.session_id = s.id) as ledger_rows,
           (select array_agg(e.type order by e.id) from public.session_events e where e.session_id = s.id) as events
    from public.sessions s where s.id = ${sessionId}`;
  return row;
}

/** Charges everything due at `now` that other tests left behind, so counts below are this test's own. */
async function drain(now: Date): Promise<void> {
  await processDueCharges({ db: sql, now });
}

beforeAll(async () => {
  sql = testDb();
  [tutor, student] = await Promise.all([createTutor(sql), createUser(sql, { role: "student" })]);
  tutorsToClean.push(tutor.id);
});

afterAll(async () => {
  await cancelScheduledSessions(sql, tutorsToClean);
  await sql.end();
});

describe("processDueCharges", () => {
  it("charges a due session in full (100/90/10, frozen bps), holds the payout 24 h and audits it", async () => {
    const startAt = nextStart();
    const endAt = minutesFrom(startAt, HOUR);
    await drain(new Date(endAt.getTime() - 1));
    const due = await createSessionAt(sql, { tutor, student, startAt, priceCents: 10_001 });
    const notYet = await createSessionAt(sql, { tutor, student, startAt: minutesFrom(startAt, HOUR) });

    expect(await processDueCharges({ db: sql, now: new Date(endAt.getTime() - 1) })).toMatchObject({ processed: 0, completed: 0 });
    const result = await processDueCharges({ db: sql, now: endAt });
    expect(result).toMatchObject({ processed: 1, completed: 1, earlyEnd: 0, failed: 0, released: 0 });

    // 10 001 × 90 % = 9000.9 → 9001; fee = 1000.
    expect(await sessionState(due.sessionId)).toEqual({
      status: "COMPLETED_ASSUMED",
      charged_at: endAt,
      charge_cents: 10_001,
      payout_cents: 9001,
      platform_fee_cents: 1000,
      ledger_rows: 3,
      events: ["session.charged"],
    });
    const [payout] =
      await sql`select status, release_at, party_id from public.ledger_entries where session_id = ${due.sessionId} and kind = 'payout'`;
    expect(payout).toEqual({ status: "held", release_at: minutesFrom(endAt, 24 * HOUR), party_id: tutor.id });
    expect(await sessionState(notYet.sessionId)).toMatchObject({ status: "SCHEDULED", ledger_rows: 0 });
  });

  it("uses the split frozen on the session, not today's settings", async () => {
    const startAt = nextStart();
    const endAt = minutesFrom(startAt, HOUR);
    await drain(endAt);
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt, priceCents: 20_000 });
    await sql`update public.sessions set completion_payout_bps = 8000 where id = ${sessionId}`;
    await processDueCharges({ db: sql, now: endAt });
    expect(await sessionState(sessionId)).toMatchObject({ charge_cents: 20_000, payout_cents: 16_000, platform_fee_cents: 4000 });
  });

  it("early end: ended 20 min into 60 → EARLY_END_SHORT (no charge); 45 min, or late start ending on time → charged", async () => {
    const cases = [
      { label: "ended after 20 minutes", startedAfter: 0, endedAfter: 20, expected: "EARLY_END_SHORT" },
      { label: "ended after 38 minutes (minimum is 39)", startedAfter: 0, endedAfter: 38, expected: "EARLY_END_SHORT" },
      { label: "ended after exactly 39 minutes", startedAfter: 0, endedAfter: 39, expected: "COMPLETED_ASSUMED" },
      { label: "ended after 45 minutes", startedAfter: 0, endedAfter: 45, expected: "COMPLETED_ASSUMED" },
      { label: "started 40 late, ran to the end", startedAfter: 40, endedAfter: 60, expected: "COMPLETED_ASSUMED" },
      { label: "no meeting data", startedAfter: null, endedAfter: null, expected: "COMPLETED_ASSUMED" },
    ];
    const day = nextStart();
    const latestEnd = minutesFrom(day, cases.length * HOUR);
    await drain(latestEnd);
    const created = [];
    for (const [index, testCase] of cases.entries()) {
      const startAt = minutesFrom(day, index * HOUR);
      const { sessionId } = await createSessionAt(sql, { tutor, student, startAt, durationMinutes: 60 });
      if (testCase.startedAfter !== null && testCase.endedAfter !== null) {
        await sql`insert into public.session_meeting_instances (session_id, provider, instance_external_id, started_at, ended_at)
                  values (${sessionId}, 'jitsi', 'run-1', ${minutesFrom(startAt, testCase.startedAfter)}, ${minutesFrom(startAt, testCase.endedAfter)})`;
      }
      created.push({ ...testCase, sessionId });
    }
    const result = await processDueCharges({ db: sql, now: latestEnd });
    expect(result).toMatchObject({ processed: 6, completed: 4, earlyEnd: 2, failed: 0 });
    for (const testCase of created) {
      const state = await sessionState(testCase.sessionId);
      expect({ label: testCase.label, status: state?.status }).toEqual({ label: testCase.label, status: testCase.expected });
      if (testCase.expected === "EARLY_END_SHORT") {
        expect(state).toMatchObject({
          charged_at: null,
          charge_cents: null,
          payout_cents: null,
          ledger_rows: 0,
          events: ["session.early_end_short"],
        });
      }
    }
  });

  it("releases each held payout once, after release_at", async () => {
    const startAt = nextStart();
    const endAt = minutesFrom(startAt, HOUR);
    await drain(minutesFrom(endAt, 48 * HOUR));
    const sessions = [
      await createSessionAt(sql, { tutor, student, startAt }),
      await createSessionAt(sql, { tutor, student, startAt: minutesFrom(startAt, -HOUR) }),
    ];
    await processDueCharges({ db: sql, now: endAt });
    const releaseAt = minutesFrom(endAt, 24 * HOUR);

    expect(await processDueCharges({ db: sql, now: new Date(releaseAt.getTime() - 1) })).toMatchObject({ released: 0 });
    expect(await processDueCharges({ db: sql, now: releaseAt })).toMatchObject({ processed: 0, released: 2 });
    expect(await processDueCharges({ db: sql, now: minutesFrom(releaseAt, HOUR) })).toMatchObject({ released: 0 });

    for (const { sessionId } of sessions) {
      const payouts = await sql`select status, released_at from public.ledger_entries where session_id = ${sessionId} and kind = 'payout'`;
      expect(payouts).toEqual([{ status: "released", released_at: releaseAt }]);
      expect((await sessionState(sessionId))?.events).toEqual(["session.charged", "payout.released"]);
    }
  });

  it("one bad session never blocks the rest: it is logged, counted as failed and retried next tick", async () => {
    const day = nextStart();
    const now = minutesFrom(day, 5 * HOUR);
    await drain(now);
    const ids = [];
    for (let index = 0; index < 5; index++)
      ids.push((await createSessionAt(sql, { tutor, student, startAt: minutesFrom(day, index * HOUR) })).sessionId);
    const bad = ids[2];
    // A test-only fault: the database refuses to charge this one session.
    await sql.unsafe(`
      create or replace function public.test_refuse_one_charge() returns trigger language plpgsql as $$
      begin
        if new.id = '${bad}' and new.status <> 'SCHEDULED' then raise exception 'test fault: refusing %', new.id; end if;
        return new;
      end $$;
      create trigger test_refuse_one_charge before update on public.sessions for each row execute function public.test_refuse_one_charge();`);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const first = await processDueCharges({ db: sql, now, batchSize: 100 });
      expect(first).toMatchObject({ processed: 4, completed: 4, failed: 1 });
      expect(errors.mock.calls.map(([line]) => JSON.parse(String(line)))).toContainEqual(
        expect.objectContaining({ event: "charge_failed", sessionId: bad }),
      );
      expect(await sessionState(bad!)).toMatchObject({ status: "SCHEDULED", ledger_rows: 0 });
      expect(await processDueCharges({ db: sql, now, batchSize: 100 })).toMatchObject({ processed: 0, failed: 1 });
    } finally {
      errors.mockRestore();
      await sql.unsafe(`drop trigger test_refuse_one_charge on public.sessions; drop function public.test_refuse_one_charge();`);
    }
    expect(await processDueCharges({ db: sql, now })).toMatchObject({ processed: 1, completed: 1, failed: 0 });
    for (const id of ids) expect(await sessionState(id)).toMatchObject({ status: "COMPLETED_ASSUMED", ledger_rows: 3 });
  });
});

describe("GET /api/cron/process-charges", () => {
  const load = async () => (await import("@/app/api/cron/process-charges/route")).GET;
  const get = async (authorization?: string) => {
    const GET = await load();
    return readResponse(
      await GET(apiRequest("/api/cron/process-charges", { method: "GET", headers: authorization ? { authorization } : {} }), undefined),
    );
  };

  it("runs with the secret and answers with the counts", async () => {
    const routeTutor = await createTutor(sql);
    tutorsToClean.push(routeTutor.id);
    // a student of its own: a student never holds two overlapping lessons (bookings_student_no_overlap)
    const routeStudent = await createUser(sql, { role: "student" });
    const { sessionId } = await createSessionAt(sql, { tutor: routeTutor, student: routeStudent, startAt: minutesFrom(new Date(), -90) });
    const response = await get(`Bearer ${process.env.CRON_SECRET}`);
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual([
      "attendance",
      "attendance_unknown",
      "completed",
      "duration_ms",
      "early_end",
      "expired_requests",
      "failed",
      "meeting_deletions",
      "next_slots_refreshed",
      "notifications",
      "payments",
      "processed",
      "released",
      "reschedule",
    ]);
    expect(response.body.completed).toBeGreaterThanOrEqual(1);
    // the tick delivers email after charging: this session's receipt went out in the same tick
    expect(Object.keys(response.body.notifications as object).sort()).toEqual(["dead", "failed", "sent", "skipped"]);
    expect((response.body.notifications as { sent: number }).sent).toBeGreaterThanOrEqual(1);
    // then the payments step (the test env's provider: manual unless PAYMENTS_PROVIDER says otherwise)
    expect(Object.keys(response.body.payments as object).sort()).toEqual([
      "action_required",
      "awaiting_payee",
      "collected",
      "failed",
      "rate_limited",
      "refunded",
      "transferred",
    ]);
    expect(await sessionState(sessionId)).toMatchObject({ status: "COMPLETED_ASSUMED", ledger_rows: 3 });
  });

  it("401 without the right secret, and nothing runs", async () => {
    const routeTutor = await createTutor(sql);
    tutorsToClean.push(routeTutor.id);
    // a student of its own: a student never holds two overlapping lessons (bookings_student_no_overlap)
    const routeStudent = await createUser(sql, { role: "student" });
    const { sessionId } = await createSessionAt(sql, { tutor: routeTutor, student: routeStudent, startAt: minutesFrom(new Date(), -90) });
    const secret = process.env.CRON_SECRET ?? "";
    for (const authorization of [
      undefined,
      "Bearer",
      `Bearer ${secret}x`,
      `Bearer ${secret.slice(0, -1)}`,
      `Basic ${secret}`,
      secret,
      "Bearer wrong",
    ]) {
      const response = await get(authorization);
      expect({ authorization, status: response.status, code: response.code }).toEqual({ authorization, status: 401, code: "unauthorized" });
    }
    expect(await sessionState(sessionId)).toMatchObject({ status: "SCHEDULED", ledger_rows: 0 });
  });

  it("500 misconfigured with a clear log line when CRON_SECRET is unset, and nothing runs", async () => {
    const routeTutor = await createTutor(sql);
    tutorsToClean.push(routeTutor.id);
    // a student of its own: a student never holds two overlapping lessons (bookings_student_no_overlap)
    const routeStudent = await createUser(sql, { role: "student" });
    const { sessionId } = await createSessionAt(sql, { tutor: routeTutor, student: routeStudent, startAt: minutesFrom(new Date(), -90) });
    const secret = process.env.CRON_SECRET;
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    delete process.env.CRON_SECRET;
    vi.resetModules(); // the environment is validated once per process: start from a fresh module graph
    try {
      const response = await get(`Bearer ${secret}`);
      expect({ status: response.status, code: response.code }).toEqual({ status: 500, code: "misconfigured" });
      expect(errors.mock.calls.map(([line]) => JSON.parse(String(line)))).toContainEqual(
        expect.objectContaining({ event: "cron_secret_missing", message: "CRON_SECRET is not set: refusing to run the charge job" }),
      );
    } finally {
      process.env.CRON_SECRET = secret;
      vi.resetModules();
      errors.mockRestore();
    }
    expect(await sessionState(sessionId)).toMatchObject({ status: "SCHEDULED", ledger_rows: 0 });
  });
});
