import type { Sql } from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ATTEMPT_LEASE_MS } from "@/lib/payments/attempt-rules";
import { claimDueAttempts } from "@/lib/payments/claim-due-attempts";
import { collectDuePayments } from "@/lib/payments/collect-due-charges";
import { createManualProvider } from "@/lib/payments/providers/manual";
import { releaseDuePayouts } from "@/lib/payments/release-due-payouts";
import { transferReleasedPayouts } from "@/lib/payments/transfer-released-payouts";
import { processDueCharges } from "@/lib/sessions/process-due-charges";
import { testDb } from "../support/db";
import { cancelScheduledSessions, createSessionAt, createTutor, createUser, minutesFrom, type TTestUser } from "../support/factories";
import { CARD_OK, savePayee, type TPaymentsHarness } from "../support/payments-harness";
import { startPaymentsHarness } from "../support/start-payments-harness";

let sql: Sql;
let payments: TPaymentsHarness;
let student: TTestUser;
const tutors: string[] = [];
const DAY_MS = 24 * 3_600_000;
let slot = 0;

/**
 * A lesson charged by the charge job, its charge collected from the student's card, whose payout the release step
 * released (24 h later): its transfer is enqueued. (`isCollected: false`: the payer has not paid.)
 */
async function releasedPayout(tutor: TTestUser, priceCents = 10_000, options: { isCollected?: boolean } = {}) {
  const startAt = minutesFrom(new Date(), -180 - 90 * slot++);
  const { sessionId } = await createSessionAt(sql, { tutor, student, startAt, priceCents });
  await processDueCharges({ db: sql, now: new Date() });
  if (options.isCollected !== false) {
    await collectDuePayments({ db: sql, provider: payments.provider, now: new Date(Date.now() + 1000) });
    const [charge] = await sql<{ status: string }[]>`
      select status from public.payment_attempts where session_id = ${sessionId} and kind = 'charge'`;
    expect(charge?.status).toBe("succeeded");
  }
  await releaseDuePayouts({ db: sql, now: new Date(Date.now() + DAY_MS + 60_000) });
  const [payout] = await sql<{ amount_cents: number; status: string }[]>`
    select amount_cents::int, status from public.ledger_entries where session_id = ${sessionId} and kind = 'payout'`;
  expect(payout?.status).toBe("released");
  return { sessionId, payoutCents: payout?.amount_cents ?? 0 };
}

async function transferAttempt(sessionId: string) {
  const [row] = await sql<
    { id: string; status: string; amount_cents: number; idempotency_key: string; provider_ref: string | null; attempt_count: number }[]
  >`
    select id, status, amount_cents::int, idempotency_key, provider_ref, attempt_count
    from public.payment_attempts where session_id = ${sessionId} and kind = 'transfer'`;
  return row;
}

async function transfersFor(sessionId: string) {
  return (await payments.transfers()).filter((transfer) => transfer.transferGroup === sessionId);
}

// a moment after every attempt enqueued so far: the database stamps microseconds, a Date only milliseconds
const transfer = (now = new Date(Date.now() + 1000)) => transferReleasedPayouts({ db: sql, provider: payments.provider, now });

beforeAll(async () => {
  sql = testDb();
  payments = await startPaymentsHarness();
  student = await createUser(sql, { role: "student" });
  await payments.saveTestCard(sql, student, CARD_OK);
});

beforeEach(async () => {
  await sql`update public.payment_attempts set status = 'cancelled', lease_until = null
            where status in ('pending', 'processing', 'action_required', 'awaiting_payee')`;
});

afterAll(async () => {
  await cancelScheduledSessions(sql, tutors);
  await sql`update public.payment_attempts set status = 'cancelled', lease_until = null
            where status in ('pending', 'processing', 'action_required', 'awaiting_payee')`;
  await payments.stop();
  await sql.end();
});

async function newTutor(): Promise<TTestUser> {
  const tutor = await createTutor(sql);
  tutors.push(tutor.id);
  return tutor;
}

describe("transferReleasedPayouts", () => {
  it("transfers a released payout to an onboarded tutor with the payout's key and the session as transfer group", async () => {
    const tutor = await newTutor();
    await payments.onboard(sql, tutor);
    const { sessionId, payoutCents } = await releasedPayout(tutor, 10_001);
    expect(await transferAttempt(sessionId)).toMatchObject({
      status: "pending",
      amount_cents: payoutCents,
      idempotency_key: `session:${sessionId}:payout`,
    });

    expect(await transfer()).toMatchObject({ transferred: 1, awaitingPayee: 0, failed: 0 });
    const sent = await transfersFor(sessionId);
    expect(sent).toEqual([expect.objectContaining({ amountCents: payoutCents, transferGroup: sessionId })]);
    expect(await transferAttempt(sessionId)).toMatchObject({ status: "succeeded", provider_ref: sent[0]?.id });
    const [ledger] = await sql`select provider_ref from public.ledger_entries where session_id = ${sessionId} and kind = 'payout'`;
    expect(ledger?.provider_ref).toBe(sent[0]?.id);
    expect(await transfer()).toMatchObject({ transferred: 0 });
    expect(await transfersFor(sessionId)).toHaveLength(1);
  });

  it("a transfer whose answer was lost and whose key the provider forgot a day later is found, not sent twice", async () => {
    const tutor = await newTutor();
    await payments.onboard(sql, tutor);
    const { sessionId } = await releasedPayout(tutor);
    payments.failNext(1, 500, { afterProcessing: true });
    expect(await transfer()).toMatchObject({ transferred: 0, retried: 1 });
    expect(await transfersFor(sessionId)).toHaveLength(1);
    payments.expireIdempotencyKeys();
    expect(await transfer(new Date(Date.now() + DAY_MS))).toMatchObject({ transferred: 1 });
    const sent = await transfersFor(sessionId);
    expect(sent).toHaveLength(1);
    expect(await transferAttempt(sessionId)).toMatchObject({ status: "succeeded", provider_ref: sent[0]?.id });
  });

  it("a payout whose lesson the payer has not paid waits for the charge (hourly, no try used), then goes out once it is collected", async () => {
    const tutor = await newTutor();
    await payments.onboard(sql, tutor);
    const { sessionId } = await releasedPayout(tutor, 10_000, { isCollected: false });
    expect(await transfer()).toMatchObject({ transferred: 0, waitingForCharge: 1, failed: 0 });
    expect(await transferAttempt(sessionId)).toMatchObject({ status: "pending", attempt_count: 0 });
    expect(await transfersFor(sessionId)).toHaveLength(0);
    // within the hour it is not looked at again; the payer pays; the next look sends it
    expect(await transfer(new Date(Date.now() + 30 * 60_000))).toMatchObject({ waitingForCharge: 0, transferred: 0 });
    await collectDuePayments({ db: sql, provider: payments.provider, now: new Date(Date.now() + 1000) });
    expect(await transfer(new Date(Date.now() + 61 * 60_000))).toMatchObject({ transferred: 1 });
    expect(await transfersFor(sessionId)).toHaveLength(1);
  });

  it("a tutor not onboarded accrues (awaiting_payee) and is paid everything once onboarding enables payouts", async () => {
    const tutor = await newTutor();
    const first = await releasedPayout(tutor);
    expect(await transferAttempt(first.sessionId)).toMatchObject({ status: "awaiting_payee" });
    // started onboarding, payouts not enabled yet
    const accountRef = await payments.createPayee(sql, tutor);
    const second = await releasedPayout(tutor);
    expect(await transfer()).toMatchObject({ transferred: 0 });
    expect(await transfersFor(first.sessionId)).toHaveLength(0);
    expect((await transferAttempt(second.sessionId))?.status).toBe("awaiting_payee");

    await payments.onboard(sql, tutor);
    expect(await transferAttempt(first.sessionId)).toMatchObject({ status: "pending" });
    expect(await transfer()).toMatchObject({ transferred: 2 });
    for (const { sessionId } of [first, second]) {
      expect(await transfersFor(sessionId)).toEqual([expect.objectContaining({ accountRef })]);
      expect((await transferAttempt(sessionId))?.status).toBe("succeeded");
    }
  });

  it("a transfer due while the tutor's payouts were switched off is parked, not failed, and goes out when they are back on", async () => {
    const tutor = await newTutor();
    await payments.onboard(sql, tutor);
    const { sessionId } = await releasedPayout(tutor);
    const [payee] = await sql`select account_ref from public.payee_accounts where tutor_id = ${tutor.id}`;
    await savePayee(sql, tutor.id, payee?.account_ref, false);
    expect(await transfer()).toMatchObject({ transferred: 0, awaitingPayee: 1, failed: 0 });
    expect(await transferAttempt(sessionId)).toMatchObject({ status: "awaiting_payee", attempt_count: 0 });
    await payments.onboard(sql, tutor);
    expect(await transfer()).toMatchObject({ transferred: 1 });
  });

  it("a crashed worker's transfer is retried after its lease with the same key: one transfer at the provider", async () => {
    const tutor = await newTutor();
    await payments.onboard(sql, tutor);
    const { sessionId } = await releasedPayout(tutor);
    const t0 = new Date(Date.now() + 1000);
    const { claimed } = await claimDueAttempts({ db: sql, now: t0, kinds: ["transfer"], limit: 100 });
    const mine = claimed.find((attempt) => attempt.session_id === sessionId);
    const [payee] = await sql`select account_ref from public.payee_accounts where tutor_id = ${tutor.id}`;
    await payments.provider.transfer({
      accountRef: payee?.account_ref,
      amountCents: mine?.amount_cents ?? 0,
      currency: "TTD",
      sessionId,
      transferGroup: sessionId,
      idempotencyKey: mine?.idempotency_key ?? "",
    });
    expect(await transfer(new Date(t0.getTime() + 1000))).toMatchObject({ transferred: 0 });
    expect(await transfer(new Date(t0.getTime() + ATTEMPT_LEASE_MS + 1000))).toMatchObject({ transferred: 1 });
    expect(await transfersFor(sessionId)).toHaveLength(1);
  });

  it("the manual provider: a released payout (no connected account) becomes a line of the admin's CSV (manual_due)", async () => {
    const tutor = await newTutor();
    const { sessionId } = await releasedPayout(tutor);
    expect(await transferAttempt(sessionId)).toMatchObject({ status: "awaiting_payee" });
    const manual = createManualProvider();
    expect(await transferReleasedPayouts({ db: sql, provider: manual, now: new Date(Date.now() + 1000) })).toMatchObject({ manualDue: 1 });
    expect(await transferAttempt(sessionId)).toMatchObject({ status: "manual_due", attempt_count: 1 });
    expect(await transfersFor(sessionId)).toHaveLength(0);
  });
});
