import type { Sql } from "postgres";
import { sessionLedgerRows } from "@/lib/payments/session-ledger-rows";
import { completedSplit } from "@/lib/payments/split";
import { createSessionAt, minutesFrom } from "./factories";

const HOUR_MS = 3_600_000;
// Each lesson gets its own past hour, so one student's or tutor's lessons never overlap.
let slot = 0;
const nextPastEnd = () => new Date(Math.floor(Date.now() / 60_000) * 60_000 - (1 + slot++) * 61 * 60_000);

/**
 * A lesson that ended and was charged as the charge job charges it (COMPLETED_ASSUMED, the
 * completion split, the three ledger rows with the payout held until `releaseAt`), with the
 * attendance the test asks for. `endedAt` defaults to a free past hour; the hold to 24 h from now.
 * `payer` (default the student) is the booking's requester, set before the ledger rows so the trigger
 * enqueues the charge attempt for them; `payoutCents` overrides the completion split's payout.
 */
export async function createChargedLesson(
  sql: Sql,
  input: {
    tutor: { id: string };
    student: { id: string };
    priceCents?: number;
    endedAt?: Date;
    releaseAt?: Date;
    studentJoined?: boolean;
    tutorJoined?: boolean;
    payer?: { id: string };
    payoutCents?: number;
  },
): Promise<{ sessionId: string; bookingId: string; releaseAt: Date; priceCents: number }> {
  const endedAt = input.endedAt ?? nextPastEnd();
  const priceCents = input.priceCents ?? 10_000;
  const startAt = minutesFrom(endedAt, -60);
  const { sessionId, bookingId } = await createSessionAt(sql, { tutor: input.tutor, student: input.student, startAt, priceCents });
  if (input.payer) await sql`update public.bookings set requested_by = ${input.payer.id} where id = ${bookingId}`;
  const split =
    input.payoutCents === undefined
      ? completedSplit(priceCents)
      : { chargeCents: priceCents, payoutCents: input.payoutCents, platformFeeCents: priceCents - input.payoutCents };
  const releaseAt = input.releaseAt ?? new Date(Date.now() + 24 * HOUR_MS);
  const joinedAt = minutesFrom(startAt, 2);
  await sql`
    update public.sessions set status = 'COMPLETED_ASSUMED', charged_at = ${endedAt},
      charge_cents = ${split.chargeCents}, payout_cents = ${split.payoutCents}, platform_fee_cents = ${split.platformFeeCents},
      student_joined_at = ${input.studentJoined ? joinedAt : null}, tutor_joined_at = ${input.tutorJoined ? joinedAt : null}
    where id = ${sessionId}`;
  const rows = sessionLedgerRows({ sessionId, studentId: input.student.id, tutorId: input.tutor.id, currency: "TTD", split, releaseAt });
  await sql`insert into public.ledger_entries ${sql(rows)}`;
  return { sessionId, bookingId, releaseAt, priceCents };
}

/** A lesson the charge job left EARLY_END_SHORT, with one meeting run of `heldMinutes` from its start. */
export async function createEarlyEndLesson(
  sql: Sql,
  input: { tutor: { id: string }; student: { id: string }; priceCents?: number; heldMinutes: number; durationMinutes?: number },
): Promise<{ sessionId: string; bookingId: string }> {
  const duration = input.durationMinutes ?? 60;
  const startAt = minutesFrom(nextPastEnd(), -duration);
  const { sessionId, bookingId } = await createSessionAt(sql, {
    tutor: input.tutor,
    student: input.student,
    startAt,
    durationMinutes: duration,
    priceCents: input.priceCents ?? 10_000,
  });
  if (input.heldMinutes > 0) {
    await sql`
      insert into public.session_meeting_instances (session_id, provider, instance_external_id, started_at, ended_at)
      values (${sessionId}, 'jitsi', ${`run-${sessionId}`}, ${startAt}, ${minutesFrom(startAt, input.heldMinutes)})`;
  }
  await sql`update public.sessions set status = 'EARLY_END_SHORT' where id = ${sessionId}`;
  return { sessionId, bookingId };
}

export type TLedgerTotals = {
  charge: number;
  refund: number;
  payout: number;
  payoutVoid: number;
  fee: number;
  payoutReversal: number;
  feeReversal: number;
  payoutStatus: string | null;
};

export async function ledgerTotals(sql: Sql, sessionId: string): Promise<TLedgerTotals> {
  const [row] = await sql<Record<string, string | null>[]>`
    select
      coalesce(sum(amount_cents) filter (where kind = 'charge'), 0) as charge,
      coalesce(sum(amount_cents) filter (where kind = 'refund'), 0) as refund,
      coalesce(sum(amount_cents) filter (where kind = 'payout' and status <> 'void'), 0) as payout,
      coalesce(sum(amount_cents) filter (where kind = 'payout' and status = 'void'), 0) as payout_void,
      coalesce(sum(amount_cents) filter (where kind = 'platform_fee'), 0) as fee,
      coalesce(sum(amount_cents) filter (where kind = 'payout_reversal'), 0) as payout_reversal,
      coalesce(sum(amount_cents) filter (where kind = 'fee_reversal'), 0) as fee_reversal,
      max(status) filter (where kind = 'payout') as payout_status
    from public.ledger_entries where session_id = ${sessionId}`;
  return {
    charge: Number(row?.charge),
    refund: Number(row?.refund),
    payout: Number(row?.payout),
    payoutVoid: Number(row?.payout_void),
    fee: Number(row?.fee),
    payoutReversal: Number(row?.payout_reversal),
    feeReversal: Number(row?.fee_reversal),
    payoutStatus: row?.payout_status ?? null,
  };
}
