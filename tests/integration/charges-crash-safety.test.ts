import type { Sql } from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { chargeDueSessions } from "@/lib/sessions/charge-due-sessions";
import { processDueCharges } from "@/lib/sessions/process-due-charges";
import { testDb } from "../support/db";
import { createSessionsBulk, createUsersBulk, minutesFrom } from "../support/factories";

let sql: Sql;
let tutorIds: string[];
let studentIds: string[];
const pools: Sql[] = [];

// A test-only brake: every audit row the batch writes costs `ms`, so a batch is still running when we kill it.
async function slowDownCharges(ms: number): Promise<void> {
  await sql.unsafe(`
    create or replace function public.test_slow_event() returns trigger language plpgsql as $$
    begin perform pg_sleep(${ms / 1000}); return new; end $$;
    create trigger test_slow_event before insert on public.session_events for each row execute function public.test_slow_event();`);
}

async function removeBrake(): Promise<void> {
  await sql.unsafe(`drop trigger if exists test_slow_event on public.session_events; drop function if exists public.test_slow_event();`);
}

/** Kills the backend running the charge statement as soon as it has been running for `afterMs`. */
async function killChargeStatement(afterMs: number): Promise<number> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const [running] = await sql<{ pid: number }[]>`
      select pid from pg_stat_activity
      where state = 'active' and pid <> pg_backend_pid() and query like '%for update of s skip locked%'
        and now() - query_start >= make_interval(secs => ${afterMs / 1000})`;
    if (running) {
      await sql`select pg_terminate_backend(${running.pid})`;
      return running.pid;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the charge statement never showed up");
}

/** Every session is either fully charged (status, amounts, 3 ledger rows, 1 event) or untouched. */
async function assertAllOrNothing(ids: string[]): Promise<{ charged: number; untouched: number }> {
  const [row] = await sql`
    with per_session as (
      select s.status, s.charged_at, s.charge_cents,
             (select count(*) from public.ledger_entries l where l.session_id = s.id) as ledger_rows,
             (select count(*) from public.session_events e where e.session_id = s.id) as events
      from public.sessions s where s.id = any(${ids}::uuid[])
    )
    select count(*) filter (where status = 'COMPLETED_ASSUMED' and charged_at is not null and charge_cents is not null and ledger_rows = 3 and events = 1)::int as charged,
           count(*) filter (where status = 'SCHEDULED' and charged_at is null and charge_cents is null and ledger_rows = 0 and events = 0)::int as untouched
    from per_session`;
  const counts = { charged: Number(row?.charged), untouched: Number(row?.untouched) };
  expect(counts.charged + counts.untouched).toBe(ids.length);
  return counts;
}

async function seed(count: number, lastEndAt: Date): Promise<string[]> {
  await processDueCharges({ db: sql, now: minutesFrom(lastEndAt, 1) }); // nothing else due in the way
  return createSessionsBulk(sql, { tutorIds, studentIds, count, lastEndAt });
}

beforeAll(async () => {
  sql = testDb();
  tutorIds = (await createUsersBulk(sql, { role: "tutor", count: 10 })).map((user) => user.id);
  studentIds = (await createUsersBulk(sql, { role: "student", count: 10 })).map((user) => user.id);
});

afterEach(removeBrake);

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end({ timeout: 1 })));
  await sql.end();
});

describe("a charge batch killed mid-way", () => {
  it("leaves every session untouched (the batch is one transaction), and a later run completes them", async () => {
    const lastEnd = new Date("2097-01-01T00:00:00.000Z");
    const ids = await seed(300, lastEnd);
    await slowDownCharges(5); // 300 events × 5 ms: the batch runs for about 1.5 s
    const victim = testDb(1);
    pools.push(victim);
    const batch = chargeDueSessions({
      db: victim,
      now: minutesFrom(lastEnd, 1),
      limit: 1000,
      payoutReleaseAt: minutesFrom(lastEnd, 24 * 60),
      attendanceGraceMinutes: 30,
    });
    const outcome = batch.then(
      () => "finished",
      (error: unknown) => error,
    );
    await killChargeStatement(300);
    expect(await outcome).toBeInstanceOf(Error);
    expect(await assertAllOrNothing(ids)).toEqual({ charged: 0, untouched: 300 });

    await removeBrake();
    const silence = vi.spyOn(console, "info").mockImplementation(() => {});
    const later = await processDueCharges({ db: sql, now: minutesFrom(lastEnd, 1) }).finally(() => silence.mockRestore());
    expect(later).toMatchObject({ completed: 300, failed: 0 });
    expect(await assertAllOrNothing(ids)).toEqual({ charged: 300, untouched: 0 });
  });

  it("mid-run, across batches: at every instant each session is all-or-nothing, and the run still finishes them", async () => {
    const lastEnd = new Date("2097-06-01T00:00:00.000Z");
    const ids = await seed(400, lastEnd);
    await slowDownCharges(2); // 50 per batch × 2 ms
    const runner = testDb(2);
    pools.push(runner);
    const silence = vi.spyOn(console, "info").mockImplementation(() => {});
    const warnings = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      let isDone = false;
      const run = processDueCharges({ db: runner, now: minutesFrom(lastEnd, 1), batchSize: 50 }).finally(() => (isDone = true));
      // Let a few batches commit, then kill the one in flight.
      for (;;) {
        const counts = await assertAllOrNothing(ids);
        if (counts.charged >= 100) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await killChargeStatement(20);
      while (!isDone) {
        await assertAllOrNothing(ids);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // The run survives: the killed batch is retried one by one (or its worker stops and the other carries on).
      const result = await run;
      const after = await assertAllOrNothing(ids);
      expect(result.failed).toBe(0);
      expect(warnings.mock.calls.map(([line]) => JSON.parse(String(line)).event)).toContain("charge_batch_failed");

      await removeBrake();
      await processDueCharges({ db: sql, now: minutesFrom(lastEnd, 1) });
      expect(await assertAllOrNothing(ids)).toEqual({ charged: 400, untouched: 0 });
      expect(after.charged).toBeGreaterThanOrEqual(100);
    } finally {
      silence.mockRestore();
      warnings.mockRestore();
    }
  });
});
