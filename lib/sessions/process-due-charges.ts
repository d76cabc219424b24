import "server-only";
import postgres, { type Sql } from "postgres";
import { log } from "@/lib/log";
import { releaseDuePayouts } from "@/lib/payments/release-due-payouts";
import { chargeDueSessions, type TChargeBatchResult } from "@/lib/sessions/charge-due-sessions";
import { payoutReleaseAt, readPlatformSettings } from "@/lib/settings/platform-settings";

/** Large batches: one set-based statement each, so the per-batch overhead is paid rarely. */
export const CHARGE_BATCH_SIZE = 2000;
/** Batches in flight at once; SKIP LOCKED gives each its own rows (the database has cores to spare for two). */
export const CHARGE_WORKERS = 2;
/** Stop taking new batches after this long; the rest waits for the next tick (the cron runs every minute). */
export const CHARGE_TIME_BUDGET_MS = 45_000;

export type TChargeRunResult = {
  /** Sessions that reached a terminal state in this run (completed + earlyEnd). */
  processed: number;
  completed: number;
  earlyEnd: number;
  /** Sessions that failed on their own; logged, left SCHEDULED and retried next tick. */
  failed: number;
  /** Google Meet sessions settled after the grace without their attendance read (audited). */
  attendanceUnknown: number;
  released: number;
  durationMs: number;
};

/** What the workers of one run share: its settings, its totals and the sessions that failed in it. */
type TRun = {
  db: Sql;
  now: Date;
  batchSize: number;
  deadline: number;
  payoutReleaseAt: Date;
  attendanceGraceMinutes: number;
  completed: number;
  earlyEnd: number;
  attendanceUnknown: number;
  failedIds: Set<string>;
};

/**
 * The charge job's tick (GET /api/cron/process-charges): charges every due
 * session in batches, then releases due payouts. A failing batch is retried one
 * session at a time so one bad session never blocks the rest; that session is
 * counted as failed, skipped for the rest of this run and retried next tick.
 * Safe to run concurrently with itself and with no-shows (see chargeDueSessions).
 */
export async function processDueCharges(options: {
  db: Sql;
  now: Date;
  batchSize?: number;
  workers?: number;
  timeBudgetMs?: number;
}): Promise<TChargeRunResult> {
  const { db, now } = options;
  const startedAt = performance.now();
  const work = await findWork(db, now);
  let run: TRun | null = null;
  if (work.hasDueSessions) {
    const settings = await readPlatformSettings(db);
    run = {
      db,
      now,
      batchSize: options.batchSize ?? CHARGE_BATCH_SIZE,
      deadline: startedAt + (options.timeBudgetMs ?? CHARGE_TIME_BUDGET_MS),
      payoutReleaseAt: payoutReleaseAt(settings, now),
      attendanceGraceMinutes: settings.attendanceGraceMinutes,
      completed: 0,
      earlyEnd: 0,
      attendanceUnknown: 0,
      failedIds: new Set(),
    };
    const shared = run;
    await Promise.all(Array.from({ length: options.workers ?? CHARGE_WORKERS }, () => chargeUntilDone(shared)));
  }
  const released = work.hasDuePayouts ? await releaseDuePayouts({ db, now }) : 0;
  const completed = run?.completed ?? 0;
  const earlyEnd = run?.earlyEnd ?? 0;
  const result = {
    processed: completed + earlyEnd,
    completed,
    earlyEnd,
    failed: run?.failedIds.size ?? 0,
    attendanceUnknown: run?.attendanceUnknown ?? 0,
    released,
    durationMs: Math.round(performance.now() - startedAt),
  };
  if (result.processed + result.failed + result.released > 0) log.info("charges_processed", result);
  return result;
}

/**
 * One worker: batch after batch until nothing due is left (for this run) or the
 * time is up. A lost connection stops only this worker: every statement is its
 * own transaction, so nothing is half-done and the next tick picks up the rest.
 */
async function chargeUntilDone(run: TRun): Promise<void> {
  try {
    while (performance.now() < run.deadline) {
      const touched = await chargeBatchOrEach(run);
      if (touched === 0) return;
    }
  } catch (error) {
    log.error("charge_worker_stopped", { error });
  }
}

/**
 * Most ticks find nothing to do: one round trip with two index probes answers
 * that, instead of planning and running the batch statements for nothing.
 */
async function findWork(db: Sql, now: Date): Promise<{ hasDueSessions: boolean; hasDuePayouts: boolean }> {
  const [row] = await db<{ has_due_sessions: boolean; has_due_payouts: boolean }[]>`
    select exists (select 1 from public.sessions where status = 'SCHEDULED' and charge_scheduled_at <= ${now}) as has_due_sessions,
           exists (select 1 from public.ledger_entries where status = 'held' and release_at <= ${now}) as has_due_payouts
  `;
  return { hasDueSessions: row?.has_due_sessions ?? true, hasDuePayouts: row?.has_due_payouts ?? true };
}

/** Charges one batch, or its sessions one by one if the batch fails. Returns how many sessions it settled or gave up on. */
async function chargeBatchOrEach(run: TRun): Promise<number> {
  try {
    const batch = await chargeDueSessions({ ...chargeSettings(run), limit: run.batchSize, excludeIds: [...run.failedIds] });
    tally(run, batch);
    return batch.completed + batch.earlyEnd;
  } catch (error) {
    log.warn("charge_batch_failed", { error, batchSize: run.batchSize, retry: "one by one" });
    return chargeOneByOne(run);
  }
}

/** The failed batch's sessions, each in its own transaction. */
async function chargeOneByOne(run: TRun): Promise<number> {
  const { db, now } = run;
  const excluded = run.failedIds.size ? db`and id <> all(${[...run.failedIds]}::uuid[])` : db``;
  const due = await db<{ id: string }[]>`
    select id from public.sessions
    where status = 'SCHEDULED' and charge_scheduled_at <= ${now} ${excluded}
    order by charge_scheduled_at
    limit ${run.batchSize}
  `;
  let touched = 0;
  for (const { id } of due) {
    try {
      const one = await chargeDueSessions({ ...chargeSettings(run), limit: 1, sessionId: id });
      tally(run, one);
      touched += one.completed + one.earlyEnd;
    } catch (error) {
      // The connection, not the session, failed: stop this worker (see chargeUntilDone).
      if (!isSessionLevelError(error)) throw error;
      log.error("charge_failed", { sessionId: id, error });
      run.failedIds.add(id);
      touched += 1;
    }
  }
  return touched;
}

function chargeSettings(run: TRun) {
  return { db: run.db, now: run.now, payoutReleaseAt: run.payoutReleaseAt, attendanceGraceMinutes: run.attendanceGraceMinutes };
}

function tally(run: TRun, batch: TChargeBatchResult): void {
  run.completed += batch.completed;
  run.earlyEnd += batch.earlyEnd;
  run.attendanceUnknown += batch.attendanceUnknown;
}

/** An error about this session's data (constraint, data, deadlock), not about the connection. */
function isSessionLevelError(error: unknown): boolean {
  if (!(error instanceof postgres.PostgresError)) return false;
  const sqlStateClass = error.code.slice(0, 2);
  // 08 connection exception, 53 insufficient resources, 57 operator intervention (e.g. terminated).
  return !["08", "53", "57"].includes(sqlStateClass);
}
