import "server-only";
import type { Sql } from "postgres";
import { parseTokenKeys } from "@/lib/crypto/token-keys";
import { serverEnv } from "@/lib/env/server-env";
import { log } from "@/lib/log";
import { buildOutboxEmail } from "./build-outbox-email";
import { claimDueNotifications, type TClaimedNotification } from "./claim-due-notifications";
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from "./delivery-rules";
import { getMailTransport } from "./transports/get-mail-transport";
import type { MailTransport } from "./transports/types";

export const DELIVERY_BATCH_SIZE = 100;
/** Sends in flight at once (the SMTP pool has 4 connections). */
export const DELIVERY_CONCURRENCY = 8;
/** The cron tick's share for email; the rest waits for the next tick. */
export const DELIVERY_TIME_BUDGET_MS = 4_000;

export type TDeliveryResult = { sent: number; failed: number; dead: number; skipped: number; durationMs: number };

type TRun = { db: Sql; now: Date; transport: MailTransport; settings: Parameters<typeof buildOutboxEmail>[1]; result: TDeliveryResult };

/**
 * The delivery job (README "Notifications"), on the cron tick after charges: claim a batch in
 * a short transaction, send OUTSIDE any transaction, then mark each row sent (guarded by the
 * attempt it was claimed with). A failure goes back to pending with exponential backoff and is
 * dead after MAX_DELIVERY_ATTEMPTS. A crash after a send and before its mark leaves the row
 * 'sending' until its lease ends; the next claim sends it again with the same Message-ID and
 * dedupe key, so a receiver (and the local catcher) keeps one copy. Safe to run concurrently.
 */
export async function deliverDueNotifications(options: {
  db: Sql;
  now: Date;
  transport?: MailTransport | null;
  batchSize?: number;
  timeBudgetMs?: number;
}): Promise<TDeliveryResult> {
  const startedAt = performance.now();
  const result: TDeliveryResult = { sent: 0, failed: 0, dead: 0, skipped: 0, durationMs: 0 };
  const transport = options.transport === undefined ? getMailTransport() : options.transport;
  if (!transport) return result; // SMTP_URL unset: the outbox waits (nothing is lost).
  const env = serverEnv();
  const run: TRun = {
    db: options.db,
    now: options.now,
    transport,
    settings: { appUrl: env.APP_URL, mailFrom: env.MAIL_FROM, keyring: parseTokenKeys(env.TOKEN_ENCRYPTION_KEY) },
    result,
  };
  const deadline = startedAt + (options.timeBudgetMs ?? DELIVERY_TIME_BUDGET_MS);
  while (performance.now() < deadline) {
    const batch = await claimDueNotifications({ db: run.db, now: run.now, limit: options.batchSize ?? DELIVERY_BATCH_SIZE });
    if (batch.length === 0) break;
    await sendBatch(run, batch);
  }
  result.durationMs = Math.round(performance.now() - startedAt);
  if (result.sent + result.failed + result.dead + result.skipped > 0) log.info("notifications_delivered", result);
  return result;
}

async function sendBatch(run: TRun, batch: TClaimedNotification[]): Promise<void> {
  const queue: TClaimedNotification[] = [];
  for (const row of batch) {
    if (row.status === "skipped") run.result.skipped += 1;
    else if (row.status === "dead") run.result.dead += 1;
    else queue.push(row);
  }
  const workers = Array.from({ length: Math.min(DELIVERY_CONCURRENCY, queue.length) }, async () => {
    for (let row = queue.shift(); row; row = queue.shift()) await sendOne(run, row);
  });
  await Promise.all(workers);
}

async function sendOne(run: TRun, row: TClaimedNotification): Promise<void> {
  if (!row.email) {
    await markFailed(run, row, "the recipient has no email address", { isFinal: true });
    return;
  }
  try {
    await run.transport.send(buildOutboxEmail({ ...row, email: row.email }, run.settings));
  } catch (error) {
    await markFailed(run, row, error instanceof Error ? error.message : String(error), { isFinal: false });
    return;
  }
  // Outside the try: a failed mark is not a failed send (it stays 'sending' and is resent, same Message-ID).
  // A lease that ran out mid-send may have been reclaimed: then the newer attempt marks it.
  const marked = await run.db`
    update public.notification_outbox set status = 'sent', sent_at = ${run.now}, locked_until = null, last_error = null
    where id = ${row.id} and status = 'sending' and attempts = ${row.attempts}
  `;
  if (marked.count > 0) run.result.sent += 1;
}

async function markFailed(run: TRun, row: TClaimedNotification, message: string, options: { isFinal: boolean }): Promise<void> {
  const isDead = options.isFinal || row.attempts >= MAX_DELIVERY_ATTEMPTS;
  const retryAt = new Date(run.now.getTime() + retryDelayMs(row.attempts));
  await run.db`
    update public.notification_outbox set
      status = ${isDead ? "dead" : "pending"}, next_attempt_at = ${retryAt}, locked_until = null, last_error = ${message.slice(0, 1000)}
    where id = ${row.id} and status = 'sending' and attempts = ${row.attempts}
  `;
  if (isDead) run.result.dead += 1;
  else run.result.failed += 1;
  log.warn("notification_send_failed", { outboxId: row.id, kind: row.kind, attempts: row.attempts, isDead, error: message });
}
