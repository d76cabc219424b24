import "server-only";
import { log } from "@/lib/log";
import { markAttemptFailed, markAttemptManualDue, releaseAttempt, type TClaimFence } from "./attempt-outcomes";
import { afterTransientError, mayHaveForgottenKey } from "./attempt-rules";
import { callProvider, runAttemptJob, type TAttemptJobOptions, type TAttemptRun } from "./attempt-worker";
import type { TClaimedAttempt } from "./claim-due-attempts";
import type { TTransferResult } from "./providers/types";
import { markAttemptSucceeded } from "./settle-attempt";

export const TRANSFER_BATCH_SIZE = 100;
export const TRANSFER_CONCURRENCY = 8;
/** How long a transfer waits before it looks again at a charge the payer has not paid yet. */
export const TRANSFER_CHARGE_WAIT_MS = 60 * 60_000;
/** The cron tick's share for tutors' transfers, after collection. */
export const TRANSFER_TIME_BUDGET_MS = 4_000;

export type TTransferRunResult = {
  transferred: number;
  /** Tutors not onboarded yet: the transfer accrues until savePayeeAccount enables payouts. */
  awaitingPayee: number;
  /** Lessons whose payer has not paid yet (declined, failed, in flight): the transfer waits for the charge. */
  waitingForCharge: number;
  manualDue: number;
  failed: number;
  retried: number;
  rateLimited: number;
  durationMs: number;
};

type TRun = TAttemptRun<TTransferRunResult>;

/**
 * Pays tutors (README "Payments"): every pending transfer attempt (a released payout, less its
 * reversals; written by the ledger trigger) goes to the tutor's connected account with the payout's
 * ledger key and `transfer_group` = the session, once the lesson's charge is collected: the platform never
 * pays a tutor out of its own pocket for a lesson whose payer has not paid (declined, failed, in flight); such a
 * transfer waits (looked at again hourly; a written-off charge no longer holds it). A tutor whose account cannot
 * take payouts yet is parked (awaiting_payee) and paid when onboarding enables payouts. Same claim / call outside a
 * transaction / short outcome shape, lease and rate limiter as collectDuePayments.
 */
export async function transferReleasedPayouts(options: TAttemptJobOptions): Promise<TTransferRunResult> {
  return runAttemptJob({
    options,
    defaults: { timeBudgetMs: TRANSFER_TIME_BUDGET_MS, concurrency: TRANSFER_CONCURRENCY, batchSize: TRANSFER_BATCH_SIZE },
    kinds: ["transfer"],
    result: {
      transferred: 0,
      awaitingPayee: 0,
      waitingForCharge: 0,
      manualDue: 0,
      failed: 0,
      retried: 0,
      rateLimited: 0,
      durationMs: 0,
    },
    logEvent: "payouts_transferred",
    work: transferOne,
    // manual: no connected accounts; every released payout becomes a line of the admin's CSV (manual_due)
    includeAwaitingPayee: (provider) => provider.name === "manual",
  });
}

function fence(attempt: TClaimedAttempt): TClaimFence {
  return { attemptId: attempt.id, attemptCount: attempt.attempt_count };
}

/**
 * The tutor's account, or null after parking the attempt. Reads the payee row FOR SHARE and parks in the
 * same transaction, so an onboarding that commits meanwhile (savePayeeAccount) is either seen here or
 * finds the attempt already parked and activates it: a transfer is never stranded.
 */
async function payeeOrPark(run: TRun, attempt: TClaimedAttempt): Promise<string | null> {
  if (run.provider.name === "manual") return "";
  return run.db.begin(async (tx) => {
    const [payee] = await tx<{ account_ref: string; payouts_enabled: boolean }[]>`
      select account_ref, payouts_enabled from public.payee_accounts where tutor_id = ${attempt.party_id} for share
    `;
    if (payee?.payouts_enabled) return payee.account_ref;
    await releaseAttempt(tx, {
      ...fence(attempt),
      status: "awaiting_payee",
      isCounted: false,
      nextAttemptAt: run.now,
      error: { code: "payee_not_onboarded", message: "The tutor has not finished payout onboarding." },
    });
    run.result.awaitingPayee += 1;
    return null;
  });
}

/**
 * Parks the transfer while its lesson's charge is not collected (TRANSFER_CHARGE_WAIT_MS later, the try given
 * back); true when it did. No charge attempt (a lesson charged before payments existed), a collected one, one
 * due by hand (the manual provider) or written off by an admin: the tutor is paid.
 */
async function waitForCharge(run: TRun, attempt: TClaimedAttempt): Promise<boolean> {
  const [charge] = await run.db<{ status: string }[]>`
    select status from public.payment_attempts where session_id = ${attempt.session_id} and kind = 'charge'`;
  if (!charge || !CHARGE_NOT_PAID.has(charge.status)) return false;
  const nextAttemptAt = new Date(run.now.getTime() + TRANSFER_CHARGE_WAIT_MS);
  const error = { code: "waiting_for_charge", message: "The payer has not paid this lesson yet." };
  const isParked = await run.db.begin((tx) =>
    releaseAttempt(tx, { ...fence(attempt), status: "pending", isCounted: false, nextAttemptAt, error }),
  );
  if (isParked) run.result.waitingForCharge += 1;
  return true;
}

/** A charge in these states has not paid the lesson (yet): pending or being collected, declined, given up on. */
const CHARGE_NOT_PAID = new Set(["pending", "processing", "action_required", "failed"]);

async function transferOne(run: TRun, attempt: TClaimedAttempt): Promise<void> {
  if (await waitForCharge(run, attempt)) return;
  const accountRef = await payeeOrPark(run, attempt);
  if (accountRef === null) return;
  const outcome = await callProvider<TTransferResult>({
    limiter: run.limiter,
    deadline: run.deadline,
    onRateLimited: () => {
      run.result.rateLimited += 1;
    },
    call: async () => {
      // A key first sent a day ago may be forgotten by the provider: what it created is looked up first.
      if (mayHaveForgottenKey(attempt.key_sent_at, run.now)) {
        const found = await run.provider.findTransfer({ transferGroup: attempt.session_id, idempotencyKey: attempt.idempotency_key });
        if (found) return { status: "succeeded", transferRef: found.transferRef } as const;
      }
      return run.provider.transfer({
        accountRef,
        amountCents: attempt.amount_cents,
        currency: attempt.currency,
        sessionId: attempt.session_id,
        transferGroup: attempt.session_id,
        idempotencyKey: attempt.idempotency_key,
      });
    },
  });
  if (outcome.kind === "result") {
    const transfer = outcome.value;
    if (transfer.status === "manual_due") {
      if (await run.db.begin((tx) => markAttemptManualDue(tx, fence(attempt)))) run.result.manualDue += 1;
      return;
    }
    const settled = await run.db.begin((tx) =>
      markAttemptSucceeded(tx, { attemptId: attempt.id, providerRef: transfer.transferRef, now: run.now }),
    );
    if (settled) run.result.transferred += 1;
    return;
  }
  if (outcome.kind === "rate_limited") {
    const nextAttemptAt = new Date(run.now.getTime() + outcome.retryAfterMs);
    await run.db.begin((tx) => releaseAttempt(tx, { ...fence(attempt), status: "pending", isCounted: false, nextAttemptAt }));
    return;
  }
  const error = { code: outcome.code, message: outcome.message };
  const next = outcome.kind === "transient" ? afterTransientError({ attemptCount: attempt.attempt_count, now: run.now }) : null;
  if (next?.status === "retry") {
    const isReleased = await run.db.begin((tx) =>
      releaseAttempt(tx, { ...fence(attempt), status: "pending", isCounted: true, nextAttemptAt: next.nextAttemptAt, error }),
    );
    if (isReleased) run.result.retried += 1;
    return;
  }
  if (await run.db.begin((tx) => markAttemptFailed(tx, { ...fence(attempt), ...error }))) run.result.failed += 1;
  log.error("transfer_given_up", { attemptId: attempt.id, code: outcome.code });
}
