import type { Sql } from "postgres";
import { createChargedLesson as createLedgerChargedLesson } from "./dispute-fixtures.ts";
import type { TTestUser } from "./factories.ts";

const HOUR_MS = 3_600_000;

export type TChargedLesson = {
  sessionId: string;
  bookingId: string;
  chargeId: string;
  payoutId: string;
  chargeAttemptId: string;
};

/**
 * A charged lesson (dispute-fixtures.ts createChargedLesson: COMPLETED_ASSUMED, the three ledger rows, the payout
 * held until `releaseAt`) starting at `startAt`, whose charge attempt (enqueued by the ledger trigger for `payer`,
 * default the student) is parked in `status` (far in the future for anything a worker would pick up), so other
 * files' collection jobs leave it alone. The payout defaults to 80 % of the price.
 */
export async function createChargedLesson(
  sql: Sql,
  input: {
    tutor: TTestUser;
    student: TTestUser;
    payer?: TTestUser;
    startAt: Date;
    priceCents?: number;
    payoutCents?: number;
    releaseAt?: Date;
    status?: "pending" | "succeeded" | "action_required" | "manual_due" | "failed";
    errorCode?: string;
  },
): Promise<TChargedLesson> {
  const priceCents = input.priceCents ?? 10_000;
  const { sessionId, bookingId } = await createLedgerChargedLesson(sql, {
    tutor: input.tutor,
    student: input.student,
    payer: input.payer,
    endedAt: new Date(input.startAt.getTime() + HOUR_MS),
    priceCents,
    payoutCents: input.payoutCents ?? Math.round(priceCents * 0.8),
    releaseAt: input.releaseAt ?? new Date(input.startAt.getTime() + 25 * HOUR_MS),
  });
  const rows = await sql<{ id: string; kind: string }[]>`
    select id, kind from public.ledger_entries where session_id = ${sessionId} and kind in ('charge', 'payout')`;
  const chargeId = rows.find((row) => row.kind === "charge")!.id;
  const payoutId = rows.find((row) => row.kind === "payout")!.id;
  const [attempt] = await sql<{ id: string }[]>`select id from public.payment_attempts where ledger_entry_id = ${chargeId}`;
  if (!attempt) throw new Error("the ledger trigger enqueued no charge attempt");
  await parkAttempt(sql, attempt.id, input.status ?? "pending", input.errorCode);
  return { sessionId, bookingId, chargeId, payoutId, chargeAttemptId: attempt.id };
}

/** Puts an attempt in a status no worker picks up soon (next_attempt_at a month ahead). */
export async function parkAttempt(sql: Sql, attemptId: string, status: string, errorCode?: string): Promise<void> {
  const isSucceeded = status === "succeeded";
  await sql`
    update public.payment_attempts set status = ${status}, next_attempt_at = now() + interval '30 days',
      provider_ref = ${isSucceeded ? `pi_test_${attemptId.slice(0, 8)}` : null}, succeeded_at = ${isSucceeded ? new Date() : null},
      attempt_count = ${status === "pending" ? 0 : 1},
      last_error_code = ${errorCode ?? null}, last_error_message = ${errorCode ? "Your card has insufficient funds." : null}
    where id = ${attemptId}`;
  if (isSucceeded) {
    await sql`update public.ledger_entries l set provider_ref = a.provider_ref from public.payment_attempts a
              where a.id = ${attemptId} and l.id = a.ledger_entry_id`;
  }
}

/** Releases a held payout (the trigger enqueues its transfer: awaiting_payee without an enabled payee account). */
export async function releasePayout(sql: Sql, payoutId: string): Promise<string> {
  await sql`update public.ledger_entries set status = 'released', released_at = now() where id = ${payoutId}`;
  const [attempt] = await sql<{ id: string }[]>`select id from public.payment_attempts where ledger_entry_id = ${payoutId}`;
  if (!attempt) throw new Error("no transfer attempt");
  return attempt.id;
}

/** A refund of part of a lesson, as ledger rows (refund + payout reversal); its refund attempt (from the trigger) is parked. */
export async function refundPart(
  sql: Sql,
  input: { lesson: TChargedLesson; student: TTestUser; tutor: TTestUser; refundCents: number; reversalCents: number; n?: number },
) {
  const { sessionId } = input.lesson;
  const n = input.n ?? 1;
  const [refund] = await sql<{ id: string }[]>`
    insert into public.ledger_entries (session_id, kind, party_id, amount_cents, currency, status, idempotency_key) values
      (${sessionId}, 'refund', ${input.student.id}, ${input.refundCents}, 'TTD', 'posted', ${`session:${sessionId}:refund:${n}`})
    returning id`;
  await sql`
    insert into public.ledger_entries (session_id, kind, party_id, amount_cents, currency, status, idempotency_key) values
      (${sessionId}, 'payout_reversal', ${input.tutor.id}, ${input.reversalCents}, 'TTD', 'posted', ${`session:${sessionId}:payout_reversal:${n}`})`;
  const [attempt] = await sql<{ id: string }[]>`select id from public.payment_attempts where ledger_entry_id = ${refund!.id}`;
  await parkAttempt(sql, attempt!.id, "pending");
  return { refundId: refund!.id, refundAttemptId: attempt!.id };
}
