import "server-only";
import type { Sql } from "postgres";
import { serverEnv } from "@/lib/env/server-env";
import { log } from "@/lib/log";
import { isVideoProviderEnabled } from "@/lib/video/enabled-providers";
import { syncSessionMeetAttendance } from "@/lib/video/sync-session-meet-attendance";
import { claimNextSync, countPendingSyncs, deferSync, enqueueDueMeetSessions } from "./attendance-sync-queue";

/** The longest one Meet API call may take before it is aborted. */
export const ATTENDANCE_CALL_TIMEOUT_MS = 5_000;
/** The whole step's share of a cron tick; sessions left over wait for the next tick. */
export const ATTENDANCE_TIME_BUDGET_MS = 10_000;
/** Sessions read at once. */
export const ATTENDANCE_CONCURRENCY = 4;
/** Backoff after the n-th failed attempt: 1, 2, 4, 8 … minutes, at most this many. */
const MAX_BACKOFF_MINUTES = 15;

/** `skipped`: due sessions the budget did not reach this tick (they are read next tick). */
export type TAttendanceSyncResult = { synced: number; failed: number; skipped: number };

type TRun = { db: Sql; now: Date; deadline: number; budgetSignal: AbortSignal; callTimeoutMs: number; result: TAttendanceSyncResult };

/**
 * The cron tick's attendance step, after the charges (which never wait for it): reads
 * the conference records of due Google Meet sessions, a few at a time, each call with a
 * timeout, the whole step within a time budget, a failed session retried with backoff.
 * The charge job settles a session whose read never succeeds after the attendance grace.
 */
export async function syncAttendance(options: {
  db: Sql;
  now: Date;
  timeBudgetMs?: number;
  callTimeoutMs?: number;
  concurrency?: number;
}): Promise<TAttendanceSyncResult> {
  const { db, now } = options;
  const result: TAttendanceSyncResult = { synced: 0, failed: 0, skipped: 0 };
  if (!isVideoProviderEnabled(serverEnv(), "google_meet")) return result;
  const budgetMs = options.timeBudgetMs ?? ATTENDANCE_TIME_BUDGET_MS;
  const run: TRun = {
    db,
    now,
    deadline: performance.now() + budgetMs,
    budgetSignal: AbortSignal.timeout(budgetMs),
    callTimeoutMs: Math.min(options.callTimeoutMs ?? ATTENDANCE_CALL_TIMEOUT_MS, budgetMs),
    result,
  };
  try {
    await enqueueDueMeetSessions(db, now);
    await Promise.all(Array.from({ length: options.concurrency ?? ATTENDANCE_CONCURRENCY }, () => syncUntilDone(run)));
    if (performance.now() >= run.deadline) result.skipped = await countPendingSyncs(db, now);
  } catch (error) {
    log.error("attendance_sync_stopped", { error });
  }
  if (result.synced + result.failed > 0) log.info("attendance_synced", result);
  return result;
}

async function syncUntilDone(run: TRun): Promise<void> {
  // The lease outlasts this tick's budget, so a concurrent tick never reads the same session.
  const leaseUntil = new Date(run.now.getTime() + 2 * (run.deadline - performance.now()) + 60_000);
  while (performance.now() < run.deadline) {
    const claimed = await claimNextSync(run.db, { now: run.now, leaseUntil });
    if (!claimed) return;
    await syncOne(run, claimed);
  }
}

async function syncOne(run: TRun, claimed: { sessionId: string; attempts: number }): Promise<void> {
  const { db, now } = run;
  try {
    await syncSessionMeetAttendance({
      db,
      env: serverEnv(),
      sessionId: claimed.sessionId,
      now,
      limits: { timeoutMs: run.callTimeoutMs, signal: run.budgetSignal },
    });
    run.result.synced += 1;
  } catch (error) {
    run.result.failed += 1;
    const message = error instanceof Error ? error.message : String(error);
    const backoffMinutes = Math.min(2 ** (claimed.attempts - 1), MAX_BACKOFF_MINUTES);
    log.warn("attendance_sync_failed", { sessionId: claimed.sessionId, attempts: claimed.attempts, error: message });
    await deferSync(db, { sessionId: claimed.sessionId, retryAt: new Date(now.getTime() + backoffMinutes * 60_000), error: message });
  }
}
