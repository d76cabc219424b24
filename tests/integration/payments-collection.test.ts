import type { Sql } from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deferAttemptRetry } from "@/lib/payments/attempt-outcomes";
import { ATTEMPT_LEASE_MS } from "@/lib/payments/attempt-rules";
import { claimDueAttempts } from "@/lib/payments/claim-due-attempts";
import { collectDuePayments } from "@/lib/payments/collect-due-charges";
import { decideFailedPayment } from "@/lib/payments/decide-failed-payment";
import { handlePaymentEvent } from "@/lib/payments/handle-payment-event";
import { createManualProvider } from "@/lib/payments/providers/manual";
import { markAttemptSucceeded } from "@/lib/payments/settle-attempt";
import { processDueCharges } from "@/lib/sessions/process-due-charges";
import { testDb } from "../support/db";
import { cancelScheduledSessions, createSessionAt, createTutor, createUser, minutesFrom, type TTestUser } from "../support/factories";
import { CARD_DECLINED, CARD_NEEDS_AUTH, CARD_OK, CARD_REFUND_FAILS, type TPaymentsHarness } from "../support/payments-harness";
import { startPaymentsHarness } from "../support/start-payments-harness";

let sql: Sql;
let payments: TPaymentsHarness;
let tutor: TTestUser;
let admin: TTestUser;
const HOUR_MS = 3_600_000;

type TAttemptRow = {
  id: string;
  kind: string;
  status: string;
  amount_cents: number;
  attempt_count: number;
  idempotency_key: string;
  provider_ref: string | null;
  last_error_code: string | null;
};

async function attemptsOf(sessionId: string): Promise<TAttemptRow[]> {
  return sql<TAttemptRow[]>`
    select id, kind, status, amount_cents::int, attempt_count, idempotency_key, provider_ref, last_error_code
    from public.payment_attempts where session_id = ${sessionId} order by created_at, kind, idempotency_key`;
}

async function chargeAttempt(sessionId: string): Promise<TAttemptRow> {
  const attempt = (await attemptsOf(sessionId)).find((row) => row.kind === "charge");
  if (!attempt) throw new Error(`no charge attempt for ${sessionId}`);
  return attempt;
}

let lessonSlot = 0;
/** A payer (with a card through the hosted Checkout, unless `card: null`) and a lesson the charge job charged. */
async function chargedLesson(options: { card?: string | null; priceCents?: number } = {}) {
  const payer = await createUser(sql, { role: "student" });
  if (options.card !== null) await payments.saveTestCard(sql, payer, options.card ?? CARD_OK);
  // back to back into the past: one tutor's lessons never overlap
  const startAt = minutesFrom(new Date(), -180 - 90 * lessonSlot++);
  const { sessionId, bookingId } = await createSessionAt(sql, { tutor, student: payer, startAt, priceCents: options.priceCents ?? 10_000 });
  await processDueCharges({ db: sql, now: new Date() });
  const [charged] = await sql`select status from public.sessions where id = ${sessionId}`;
  expect(charged?.status).toBe("COMPLETED_ASSUMED");
  return { payer, sessionId, bookingId };
}

let refundSeq = 0;
/** A refund as the ledger has it (disputes' postRefund writes these): the trigger enqueues its attempt. */
async function postLedgerRefund(sessionId: string, payerId: string, amountCents: number): Promise<void> {
  refundSeq += 1;
  await sql`
    insert into public.ledger_entries (session_id, kind, party_id, amount_cents, currency, status, idempotency_key)
    values (${sessionId}, 'refund', ${payerId}, ${amountCents}, 'TTD', 'posted', ${`session:${sessionId}:refund:${refundSeq}`})`;
}

/** The invariant: at the provider, collected − refunded for the session = the ledger's charge − refunds. */
async function expectProviderMatchesLedger(sessionId: string): Promise<void> {
  const intents = (await payments.paymentIntents()).filter((intent) => intent.sessionId === sessionId && intent.status === "succeeded");
  const refunds = await payments.refunds();
  const collected = intents.reduce((sum, intent) => sum + intent.amountCents, 0);
  const refunded = refunds
    .filter((refund) => intents.some((intent) => intent.id === refund.paymentRef))
    .reduce((sum, refund) => sum + refund.amountCents, 0);
  const [ledger] = await sql<{ net: number }[]>`
    select (coalesce(sum(amount_cents) filter (where kind = 'charge'), 0) - coalesce(sum(amount_cents) filter (where kind = 'refund'), 0))::int as net
    from public.ledger_entries where session_id = ${sessionId}`;
  expect(collected - refunded).toBe(ledger?.net);
}

async function intentsFor(sessionId: string) {
  return (await payments.paymentIntents()).filter((intent) => intent.sessionId === sessionId);
}

/** A moment after every attempt enqueued so far: the database stamps microseconds, a Date only milliseconds. */
function justAfter(): Date {
  return new Date(Date.now() + 1000);
}

async function collect(now: Date, extra: { timeBudgetMs?: number } = {}) {
  return collectDuePayments({ db: sql, provider: payments.provider, now, ...extra });
}

beforeAll(async () => {
  sql = testDb(8);
  payments = await startPaymentsHarness();
  [tutor, admin] = await Promise.all([createTutor(sql), createUser(sql, { role: "admin" })]);
});

// Other files' attempts (payers without cards) are not this file's business: each test starts from an empty queue.
beforeEach(async () => {
  await sql`update public.payment_attempts set status = 'cancelled', lease_until = null
            where status in ('pending', 'processing', 'action_required', 'awaiting_payee')`;
});

afterAll(async () => {
  await cancelScheduledSessions(sql, [tutor.id]);
  await sql`update public.payment_attempts set status = 'cancelled', lease_until = null
            where status in ('pending', 'processing', 'action_required', 'awaiting_payee')`;
  await payments.stop();
  await sql.end();
});

describe("collectDuePayments: charges", () => {
  it("collects a charge off-session with the ledger key and posts the PaymentIntent on the attempt and the ledger row", async () => {
    const { sessionId } = await chargedLesson({ priceCents: 12_345 });
    const before = await chargeAttempt(sessionId);
    expect(before).toMatchObject({
      status: "pending",
      amount_cents: 12_345,
      idempotency_key: `session:${sessionId}:charge`,
      attempt_count: 0,
    });

    const result = await collect(justAfter());
    expect(result).toMatchObject({ collected: 1, actionRequired: 0, failed: 0 });
    const intents = await intentsFor(sessionId);
    expect(intents).toHaveLength(1);
    expect(intents[0]).toMatchObject({ amountCents: 12_345, status: "succeeded" });
    expect(await chargeAttempt(sessionId)).toMatchObject({ status: "succeeded", provider_ref: intents[0]?.id, attempt_count: 1 });
    const [ledger] = await sql`select provider_ref from public.ledger_entries where session_id = ${sessionId} and kind = 'charge'`;
    expect(ledger?.provider_ref).toBe(intents[0]?.id);
    // nothing left to do: a second run calls nothing
    expect(await collect(justAfter())).toMatchObject({ collected: 0 });
    expect(await intentsFor(sessionId)).toHaveLength(1);
    await expectProviderMatchesLedger(sessionId);
  });

  it("a decline → action_required, the payer notified once (link to /pay/<attempt>), retried 1 h, 6 h, 24 h later with new keys, then failed", async () => {
    const { sessionId, payer } = await chargedLesson({ card: CARD_DECLINED });
    const t0 = justAfter();
    expect(await collect(t0)).toMatchObject({ collected: 0, actionRequired: 1 });
    let attempt = await chargeAttempt(sessionId);
    expect(attempt).toMatchObject({
      status: "action_required",
      last_error_code: "insufficient_funds",
      idempotency_key: `session:${sessionId}:charge:retry:1`,
    });

    const notices =
      await sql`select kind, link from public.notifications where recipient_id = ${payer.id} and kind = 'payment_action_required'`;
    expect(notices).toEqual([{ kind: "payment_action_required", link: `/pay/${attempt.id}` }]);
    const emails =
      await sql`select data from public.notification_outbox where recipient_id = ${payer.id} and kind = 'payment_action_required'`;
    expect(emails).toHaveLength(1);
    expect(emails[0]?.data).toMatchObject({ attempt_id: attempt.id, amount_cents: 10_000, currency: "TTD" });

    // not due again before the hour
    expect(await collect(new Date(t0.getTime() + HOUR_MS - 60_000))).toMatchObject({ actionRequired: 0 });
    const schedule = [HOUR_MS, 7 * HOUR_MS, 31 * HOUR_MS];
    for (const [index, offset] of schedule.entries()) {
      await collect(new Date(t0.getTime() + offset + 1000));
      attempt = await chargeAttempt(sessionId);
      if (index < schedule.length - 1) {
        expect(attempt).toMatchObject({ status: "action_required", idempotency_key: `session:${sessionId}:charge:retry:${index + 2}` });
      }
    }
    expect(attempt).toMatchObject({ status: "failed", attempt_count: 4, last_error_code: "insufficient_funds" });
    // one PaymentIntent per key (a declined one stays declined for its key), and still a single notification
    expect(await intentsFor(sessionId)).toHaveLength(4);
    const noticesAfter =
      await sql`select id from public.notifications where recipient_id = ${payer.id} and kind = 'payment_action_required'`;
    expect(noticesAfter).toHaveLength(1);
    // a failed attempt is never retried by the job
    await collect(new Date(t0.getTime() + 100 * HOUR_MS));
    expect(await intentsFor(sessionId)).toHaveLength(4);
  });

  it("authentication_required and no saved card are action_required too (no provider call without a card)", async () => {
    const needsAuth = await chargedLesson({ card: CARD_NEEDS_AUTH });
    const noCard = await chargedLesson({ card: null });
    expect(await collect(justAfter())).toMatchObject({ actionRequired: 2, collected: 0 });
    expect(await chargeAttempt(needsAuth.sessionId)).toMatchObject({
      status: "action_required",
      last_error_code: "authentication_required",
    });
    expect(await chargeAttempt(noCard.sessionId)).toMatchObject({ status: "action_required", last_error_code: "no_payment_method" });
    expect(await intentsFor(noCard.sessionId)).toHaveLength(0);
  });

  it("a crashed worker's charge (called, outcome never written) is retried after its lease with the SAME key: one PaymentIntent", async () => {
    const { sessionId, payer } = await chargedLesson();
    const t0 = justAfter();
    // the crashed worker: claimed, called the provider, died before writing the outcome
    const { claimed } = await claimDueAttempts({ db: sql, now: t0, kinds: ["charge"], limit: 100 });
    const mine = claimed.find((attempt) => attempt.session_id === sessionId);
    expect(mine).toBeDefined();
    const [card] = await sql`select customer_ref, payment_method_ref from public.payment_methods where user_id = ${payer.id}`;
    // the claim froze the payer's card on the attempt for this key
    expect(mine).toMatchObject({ sent_customer_ref: card?.customer_ref, sent_payment_method_ref: card?.payment_method_ref });
    await payments.provider.chargeOffSession({
      customerRef: mine?.sent_customer_ref ?? "",
      paymentMethodRef: mine?.sent_payment_method_ref ?? "",
      amountCents: mine?.amount_cents ?? 0,
      currency: "TTD",
      description: `Tutoring lesson (session ${sessionId})`,
      sessionId,
      attemptId: mine?.id ?? "",
      transferGroup: sessionId,
      idempotencyKey: mine?.idempotency_key ?? "",
    });
    expect(await chargeAttempt(sessionId)).toMatchObject({ status: "processing" });
    // while leased, nobody else takes it
    expect(await collect(new Date(t0.getTime() + ATTEMPT_LEASE_MS - 1000))).toMatchObject({ collected: 0 });
    // after the lease: retried, same key, the provider answers with the same PaymentIntent
    expect(await collect(new Date(t0.getTime() + ATTEMPT_LEASE_MS + 1000))).toMatchObject({ collected: 1 });
    const intents = await intentsFor(sessionId);
    expect(intents).toHaveLength(1);
    expect(await chargeAttempt(sessionId)).toMatchObject({ status: "succeeded", provider_ref: intents[0]?.id, attempt_count: 2 });
  });

  it("two collectors racing over the same queue collect each charge once", async () => {
    const lessons = [];
    for (let index = 0; index < 12; index++) lessons.push(await chargedLesson({ priceCents: 5_000 + index }));
    const now = justAfter();
    const [first, second] = await Promise.all([collect(now), collect(now)]);
    expect((first?.collected ?? 0) + (second?.collected ?? 0)).toBe(12);
    for (const { sessionId } of lessons) {
      expect(await intentsFor(sessionId)).toHaveLength(1);
      expect(await chargeAttempt(sessionId)).toMatchObject({ status: "succeeded", attempt_count: 1 });
    }
  });

  it("429 with Retry-After: everyone waits it out, the same keys are retried, nothing fails and no try is used up", async () => {
    const lessons = [];
    for (let index = 0; index < 4; index++) lessons.push(await chargedLesson());
    payments.failNext(3, 429);
    const result = await collect(justAfter(), { timeBudgetMs: 20_000 });
    expect(result).toMatchObject({ collected: 4, failed: 0, actionRequired: 0 });
    expect(result.rateLimited).toBeGreaterThanOrEqual(3);
    for (const { sessionId } of lessons) {
      expect(await intentsFor(sessionId)).toHaveLength(1);
      expect(await chargeAttempt(sessionId)).toMatchObject({ status: "succeeded", attempt_count: 1 });
    }
  });

  it("a 5xx is an unknown outcome: back to the queue with the same key, collected on the next try", async () => {
    const { sessionId } = await chargedLesson();
    payments.failNext(1, 500);
    const t0 = justAfter();
    expect(await collect(t0)).toMatchObject({ collected: 0, retried: 1 });
    expect(await chargeAttempt(sessionId)).toMatchObject({
      status: "pending",
      idempotency_key: `session:${sessionId}:charge`,
      attempt_count: 1,
    });
    expect(await collect(new Date(t0.getTime() + 61_000))).toMatchObject({ collected: 1 });
    expect(await intentsFor(sessionId)).toHaveLength(1);
  });

  it("an answer lost after the provider charged (timeout): retried with the same key, the provider replays it — one PaymentIntent", async () => {
    const { sessionId } = await chargedLesson();
    payments.failNext(1, 500, { afterProcessing: true });
    const t0 = justAfter();
    expect(await collect(t0)).toMatchObject({ collected: 0, retried: 1 });
    expect(await intentsFor(sessionId)).toEqual([expect.objectContaining({ status: "succeeded" })]);
    expect(await collect(new Date(t0.getTime() + 61_000))).toMatchObject({ collected: 1 });
    const intents = await intentsFor(sessionId);
    expect(intents).toHaveLength(1);
    expect(await chargeAttempt(sessionId)).toMatchObject({ status: "succeeded", provider_ref: intents[0]?.id, attempt_count: 2 });
    await expectProviderMatchesLedger(sessionId);
  });

  it("a card replaced after an unknown outcome: the retry with the same key sends the same card (never an idempotency conflict)", async () => {
    const { sessionId, payer } = await chargedLesson();
    payments.failNext(1, 500, { afterProcessing: true });
    const t0 = justAfter();
    expect(await collect(t0)).toMatchObject({ retried: 1 });
    const [first] =
      await sql`select sent_payment_method_ref from public.payment_attempts where session_id = ${sessionId} and kind = 'charge'`;
    await payments.saveTestCard(sql, payer, CARD_OK);
    const [replaced] = await sql`select payment_method_ref from public.payment_methods where user_id = ${payer.id}`;
    expect(replaced?.payment_method_ref).not.toBe(first?.sent_payment_method_ref);
    expect(await collect(new Date(t0.getTime() + 61_000))).toMatchObject({ collected: 1, failed: 0 });
    expect(await intentsFor(sessionId)).toHaveLength(1);
  });

  it("after a decline the next key takes the payer's new card", async () => {
    const { sessionId, payer } = await chargedLesson({ card: CARD_DECLINED });
    const t0 = justAfter();
    await collect(t0);
    await payments.saveTestCard(sql, payer, CARD_OK);
    expect(await collect(new Date(t0.getTime() + HOUR_MS + 1000))).toMatchObject({ collected: 1 });
    const [attempt] = await sql`select a.sent_payment_method_ref, pm.payment_method_ref from public.payment_attempts a
                                join public.payment_methods pm on pm.user_id = a.party_id
                                where a.session_id = ${sessionId} and a.kind = 'charge'`;
    expect(attempt?.sent_payment_method_ref).toBe(attempt?.payment_method_ref);
  });

  it("paid on-session while the job's off-session retry was in flight: the job's duplicate PaymentIntent is refunded at once", async () => {
    const { sessionId, payer } = await chargedLesson({ card: CARD_DECLINED });
    const t0 = justAfter();
    await collect(t0);
    await payments.saveTestCard(sql, payer, CARD_OK);
    const attempt = await chargeAttempt(sessionId);
    const [card] = await sql`select customer_ref, payment_method_ref from public.payment_methods where user_id = ${payer.id}`;
    // the payer's on-session payment (Complete payment) succeeds at the provider…
    const onSession = await payments.provider.chargeOffSession({
      customerRef: card?.customer_ref,
      paymentMethodRef: card?.payment_method_ref,
      amountCents: attempt.amount_cents,
      currency: "TTD",
      description: "on-session",
      sessionId,
      attemptId: attempt.id,
      transferGroup: sessionId,
      idempotencyKey: `checkout:${attempt.id}`,
    });
    if (onSession.status !== "succeeded") throw new Error("on-session payment did not succeed");
    payments.setLatency(400);
    try {
      const retry = collect(new Date(t0.getTime() + HOUR_MS + 1000));
      await new Promise((resolve) => setTimeout(resolve, 150));
      // …and its webhook settles the attempt while the job's off-session retry is in flight
      await sql.begin((tx) => markAttemptSucceeded(tx, { attemptId: attempt.id, providerRef: onSession.paymentRef, now: new Date() }));
      expect(await retry).toMatchObject({ collected: 0 });
    } finally {
      payments.setLatency(0);
    }
    const collected = (await intentsFor(sessionId)).filter((intent) => intent.status === "succeeded");
    expect(collected).toHaveLength(2);
    await expectProviderMatchesLedger(sessionId);
  });
});

describe("collectDuePayments: refunds", () => {
  it("refunds from the collected charge, never more than collected − refunded", async () => {
    const { sessionId, payer } = await chargedLesson({ priceCents: 10_000 });
    await collect(justAfter());
    await postLedgerRefund(sessionId, payer.id, 4_000);
    expect(await collect(justAfter())).toMatchObject({ refunded: 1 });
    const charge = await chargeAttempt(sessionId);
    const refunds = (await payments.refunds()).filter((refund) => refund.paymentRef === charge.provider_ref);
    expect(refunds).toEqual([expect.objectContaining({ amountCents: 4_000 })]);
    const [refundAttempt] = (await attemptsOf(sessionId)).filter((row) => row.kind === "refund");
    expect(refundAttempt).toMatchObject({ status: "succeeded", provider_ref: refunds[0]?.id });
    await expectProviderMatchesLedger(sessionId);

    // a refund beyond what is left (6 000) is never sent: the admin's queue
    await postLedgerRefund(sessionId, payer.id, 7_000);
    const overResult = await collect(justAfter());
    expect(overResult, JSON.stringify({ overResult, attempts: await attemptsOf(sessionId) })).toMatchObject({ refunded: 0, failed: 1 });
    const over = (await attemptsOf(sessionId)).filter((row) => row.kind === "refund" && row.status === "failed");
    expect(over).toEqual([expect.objectContaining({ amount_cents: 7_000, last_error_code: "refund_exceeds_collected" })]);
    expect((await payments.refunds()).filter((refund) => refund.paymentRef === charge.provider_ref)).toHaveLength(1);
  });

  it("a refund waits for its charge (declined, then paid) and goes out once the charge is collected", async () => {
    const { sessionId, payer } = await chargedLesson({ card: CARD_DECLINED });
    const t0 = justAfter();
    await collect(t0);
    await postLedgerRefund(sessionId, payer.id, 2_500);
    expect(await collect(justAfter())).toMatchObject({ refunded: 0 });
    const waiting = (await attemptsOf(sessionId)).find((row) => row.kind === "refund");
    expect(waiting).toMatchObject({ status: "pending", last_error_code: "waiting_for_charge", attempt_count: 0 });
    // the payer replaces the card; the retry an hour later collects, then the refund goes
    await payments.saveTestCard(sql, payer, CARD_OK);
    const later = new Date(t0.getTime() + HOUR_MS + 1000);
    // (in that run, or after one more wait if it was looked at while the charge was in flight)
    const first = await collect(later);
    expect(await chargeAttempt(sessionId)).toMatchObject({ status: "succeeded" });
    const second = await collect(new Date(later.getTime() + 16 * 60_000));
    expect(first.refunded + second.refunded).toBe(1);
    await expectProviderMatchesLedger(sessionId);
  });

  it("nets refunds into a charge never sent (one smaller PaymentIntent, no refund); a full refund cancels the charge", async () => {
    const partial = await chargedLesson({ priceCents: 10_000 });
    await postLedgerRefund(partial.sessionId, partial.payer.id, 3_000);
    const full = await chargedLesson({ priceCents: 8_000 });
    await postLedgerRefund(full.sessionId, full.payer.id, 8_000);
    const result = await collect(justAfter());
    expect(result).toMatchObject({ collected: 1, refunded: 0 });

    expect(await intentsFor(partial.sessionId)).toEqual([expect.objectContaining({ amountCents: 7_000, status: "succeeded" })]);
    const partialAttempts = await attemptsOf(partial.sessionId);
    expect(partialAttempts.map((row) => [row.kind, row.status, row.amount_cents, row.last_error_code])).toEqual([
      ["charge", "succeeded", 7_000, null],
      ["refund", "cancelled", 3_000, "netted_into_charge"],
    ]);
    expect(await intentsFor(full.sessionId)).toHaveLength(0);
    expect((await attemptsOf(full.sessionId)).map((row) => [row.kind, row.status])).toEqual([
      ["charge", "cancelled"],
      ["refund", "cancelled"],
    ]);
    await expectProviderMatchesLedger(partial.sessionId);
    await expectProviderMatchesLedger(full.sessionId);
  });

  it("a refund of a charge that failed for good is cancelled (nothing was collected)", async () => {
    const { sessionId, payer } = await chargedLesson({ card: CARD_DECLINED });
    await collect(justAfter());
    await sql`update public.payment_attempts set status = 'failed' where session_id = ${sessionId} and kind = 'charge'`;
    await postLedgerRefund(sessionId, payer.id, 1_000);
    expect(await collect(justAfter())).toMatchObject({ cancelled: 1, refunded: 0 });
    expect((await attemptsOf(sessionId)).find((row) => row.kind === "refund")).toMatchObject({
      status: "cancelled",
      last_error_code: "charge_not_collected",
    });
  });

  it("a refund of a charge failed after calls that kept erroring (one may have charged) waits for the admin instead", async () => {
    const { sessionId, payer } = await chargedLesson();
    payments.failNext(1, 500, { afterProcessing: true });
    await collect(justAfter());
    await sql`update public.payment_attempts set status = 'failed' where session_id = ${sessionId} and kind = 'charge'`;
    await postLedgerRefund(sessionId, payer.id, 1_000);
    expect(await collect(justAfter())).toMatchObject({ cancelled: 0, refunded: 0 });
    expect((await attemptsOf(sessionId)).find((row) => row.kind === "refund")).toMatchObject({
      status: "pending",
      last_error_code: "waiting_for_charge",
    });
    // the admin retries the charge with its same key: the provider replays the charge it made, then the refund goes
    const charge = await chargeAttempt(sessionId);
    await decideFailedPayment({
      db: sql,
      viewer: admin.viewer,
      attemptId: charge.id,
      outcome: "retry",
      reason: "Provider outage",
      now: justAfter(),
    });
    expect(await collect(justAfter())).toMatchObject({ collected: 1 });
    expect(await intentsFor(sessionId)).toHaveLength(1);
    expect(await collect(new Date(Date.now() + 16 * 60_000))).toMatchObject({ refunded: 1 });
    await expectProviderMatchesLedger(sessionId);
  });

  it("deferAttemptRetry: an open on-session Checkout keeps the job from retrying off-session until it expires", async () => {
    const { sessionId } = await chargedLesson({ card: CARD_DECLINED });
    const t0 = justAfter();
    await collect(t0);
    const attempt = await chargeAttempt(sessionId);
    const until = new Date(t0.getTime() + 3 * HOUR_MS);
    expect(await sql.begin((tx) => deferAttemptRetry(tx, { attemptId: attempt.id, until }))).toBe(true);
    expect(await collect(new Date(t0.getTime() + HOUR_MS + 1000))).toMatchObject({ actionRequired: 0 });
    expect(await intentsFor(sessionId)).toHaveLength(1);
    expect(await collect(new Date(until.getTime() + 1000))).toMatchObject({ actionRequired: 1 });
    expect(await intentsFor(sessionId)).toHaveLength(2);
  });

  it("a refund the provider has not settled stays pending with its id (counted against the charge) until its webhook settles it", async () => {
    const { sessionId, payer } = await chargedLesson({ priceCents: 10_000 });
    await collect(justAfter());
    payments.setRefundMode("pending");
    try {
      await postLedgerRefund(sessionId, payer.id, 6_000);
      expect(await collect(justAfter())).toMatchObject({ refunded: 0, failed: 0 });
      const pending = (await attemptsOf(sessionId)).find((row) => row.kind === "refund");
      expect(pending).toMatchObject({ status: "pending", last_error_code: "refund_pending" });
      expect(pending?.provider_ref).toMatch(/^re_/);
      // a second refund beyond what the pending one leaves is not sent
      await postLedgerRefund(sessionId, payer.id, 5_000);
      expect(await collect(justAfter())).toMatchObject({ failed: 1 });
      // the provider settles it; its webhook, handled as the route does, marks the attempt succeeded
      payments.settleRefund(pending?.provider_ref ?? "", "succeeded");
      const delivery = payments.deliveries().at(-1);
      const event = payments.provider.verifyWebhook({
        rawBody: delivery?.rawBody ?? "",
        signature: delivery?.signature ?? null,
        now: new Date(),
      });
      expect(event).toMatchObject({ kind: "refund_updated", status: "succeeded" });
      await handlePaymentEvent({ db: sql, event, now: new Date() });
      expect((await attemptsOf(sessionId)).find((row) => row.id === pending?.id)).toMatchObject({
        status: "succeeded",
        provider_ref: pending?.provider_ref,
      });
    } finally {
      payments.setRefundMode("succeeded");
    }
  });
});

describe("collectDuePayments: refunds the card issuer returns", () => {
  /** Every webhook the fake signed about one refund, verified as the route does, in order. */
  function refundEvents(refundRef: string) {
    return payments
      .deliveries()
      .map((delivery) => payments.provider.verifyWebhook({ rawBody: delivery.rawBody, signature: delivery.signature, now: new Date() }))
      .filter((event) => event.kind === "refund_updated" && event.refundRef === refundRef);
  }

  async function refundAttempt(sessionId: string): Promise<TAttemptRow> {
    const attempt = (await attemptsOf(sessionId)).find((row) => row.kind === "refund");
    if (!attempt) throw new Error(`no refund attempt for ${sessionId}`);
    return attempt;
  }

  async function notificationsOf(userId: string, kind: string) {
    return sql<{ subject_id: string }[]>`select subject_id from public.notifications where recipient_id = ${userId} and kind = ${kind}`;
  }

  it("a refund that succeeded and was then returned (4000000000005126) is failed for the admin, the payer told once; the retry refunds again", async () => {
    const { sessionId, payer } = await chargedLesson({ card: CARD_REFUND_FAILS, priceCents: 10_000 });
    await collect(justAfter());
    await postLedgerRefund(sessionId, payer.id, 4_000);
    expect(await collect(justAfter())).toMatchObject({ refunded: 1 });
    const sent = await refundAttempt(sessionId);
    expect(sent).toMatchObject({ status: "succeeded", provider_ref: expect.stringMatching(/^re_/) });
    const ledgerKey = sent.idempotency_key;
    const firstRefund = sent.provider_ref!;
    expect(await notificationsOf(payer.id, "refund_sent")).toEqual([{ subject_id: sessionId }]);

    // The issuer returns it: refund.failed and refund.updated, each delivered twice (a replay).
    payments.settleRefund(firstRefund, "failed");
    const events = refundEvents(firstRefund);
    const failures = events.filter((event) => event.kind === "refund_updated" && event.status === "failed");
    expect(failures.length).toBeGreaterThanOrEqual(2);
    for (const event of [...events, ...events]) await handlePaymentEvent({ db: sql, event, now: new Date() });

    const failed = await refundAttempt(sessionId);
    expect(failed).toMatchObject({
      status: "failed",
      provider_ref: null,
      idempotency_key: `${ledgerKey}:retry:1`,
      last_error_code: "refund_failed",
    });
    // A new key is not sent yet: the day-old-key lookup clock starts again at its first claim.
    const [keyClock] = await sql<{ key_sent_at: Date | null }[]>`select key_sent_at from public.payment_attempts where id = ${failed.id}`;
    expect(keyClock?.key_sent_at).toBeNull();
    const [ledgerRow] = await sql<{ provider_ref: string | null }[]>`
      select provider_ref from public.ledger_entries where session_id = ${sessionId} and kind = 'refund'`;
    expect(ledgerRow?.provider_ref).toBeNull();
    const audit = await sql<{ payload: { refund_ref: string; failure_reason: string; was: string } }[]>`
      select payload from public.session_events where session_id = ${sessionId} and type = 'payment.refund_failed'`;
    expect(audit.map((row) => row.payload)).toEqual([
      expect.objectContaining({ refund_ref: firstRefund, failure_reason: "expired_or_canceled_card", was: "succeeded" }),
    ]);
    expect(await notificationsOf(payer.id, "refund_failed")).toEqual([{ subject_id: sessionId }]);
    // The provider holds the 4 000 again: the ledger is ahead of it until the admin acts.
    await expect(expectProviderMatchesLedger(sessionId)).rejects.toThrow();
    // A later run leaves it alone: failed waits for the admin.
    expect(await collect(new Date(Date.now() + 48 * HOUR_MS))).toMatchObject({ refunded: 0 });

    await decideFailedPayment({
      db: sql,
      viewer: admin.viewer,
      attemptId: failed.id,
      outcome: "retry",
      reason: "The payer gave a new card; the issuer reissues to the same account.",
      now: new Date(),
    });
    expect(await collect(justAfter())).toMatchObject({ refunded: 1 });
    const retried = await refundAttempt(sessionId);
    expect(retried).toMatchObject({ status: "succeeded", idempotency_key: `${ledgerKey}:retry:1` });
    expect(retried.provider_ref).not.toBe(firstRefund);
    await expectProviderMatchesLedger(sessionId);
    // A late copy of the first refund's success changes nothing.
    for (const event of events.filter((event) => event.kind === "refund_updated" && event.status === "succeeded"))
      await handlePaymentEvent({ db: sql, event: { ...event, eventId: `${event.eventId}_late` }, now: new Date() });
    expect(await refundAttempt(sessionId)).toMatchObject({ status: "succeeded", provider_ref: retried.provider_ref });
  });

  it("a pending refund is read again by its id, never re-created, even once the provider has forgotten its key", async () => {
    const { sessionId, payer } = await chargedLesson({ priceCents: 10_000 });
    await collect(justAfter());
    payments.setRefundMode("pending");
    try {
      await postLedgerRefund(sessionId, payer.id, 4_000);
      await collect(justAfter());
      const pending = await refundAttempt(sessionId);
      expect(pending).toMatchObject({ status: "pending", last_error_code: "refund_pending" });
      // The bank settles it; its webhook is lost, and a day later the key is gone.
      payments.settleRefund(pending.provider_ref!, "succeeded");
      payments.expireIdempotencyKeys();
      expect(await collect(new Date(Date.now() + 30 * HOUR_MS))).toMatchObject({ refunded: 1 });
      expect(await refundAttempt(sessionId)).toMatchObject({ status: "succeeded", provider_ref: pending.provider_ref });
      const intents = await intentsFor(sessionId);
      expect((await payments.refunds()).filter((refund) => intents.some((intent) => intent.id === refund.paymentRef))).toHaveLength(1);
      await expectProviderMatchesLedger(sessionId);
    } finally {
      payments.setRefundMode("succeeded");
    }
  });

  it("a charge and a refund whose answers were lost, retried after the provider forgot their keys, are found, not made twice", async () => {
    const { sessionId, payer } = await chargedLesson({ priceCents: 10_000 });
    payments.failNext(1, 500, { afterProcessing: true });
    expect(await collect(justAfter())).toMatchObject({ collected: 0, retried: 1 });
    expect(await intentsFor(sessionId)).toHaveLength(1);
    payments.expireIdempotencyKeys();
    expect(await collect(new Date(Date.now() + 24 * HOUR_MS))).toMatchObject({ collected: 1 });
    const intents = await intentsFor(sessionId);
    expect(intents).toHaveLength(1);
    expect(await chargeAttempt(sessionId)).toMatchObject({ status: "succeeded", provider_ref: intents[0]?.id });

    await postLedgerRefund(sessionId, payer.id, 3_000);
    payments.failNext(1, 500, { afterProcessing: true });
    expect(await collect(justAfter())).toMatchObject({ refunded: 0, retried: 1 });
    payments.expireIdempotencyKeys();
    expect(await collect(new Date(Date.now() + 25 * HOUR_MS))).toMatchObject({ refunded: 1 });
    expect((await payments.refunds()).filter((refund) => refund.paymentRef === intents[0]?.id)).toHaveLength(1);
    await expectProviderMatchesLedger(sessionId);
  });

  it("a pending refund the bank then fails is failed for the admin when it is read again (its webhook lost)", async () => {
    const { sessionId, payer } = await chargedLesson({ priceCents: 10_000 });
    await collect(justAfter());
    payments.setRefundMode("pending");
    try {
      await postLedgerRefund(sessionId, payer.id, 2_500);
      await collect(justAfter());
      const pending = await refundAttempt(sessionId);
      payments.settleRefund(pending.provider_ref!, "failed");
      expect(await collect(new Date(Date.now() + 7 * HOUR_MS))).toMatchObject({ failed: 1, refunded: 0 });
      expect(await refundAttempt(sessionId)).toMatchObject({ status: "failed", provider_ref: null, last_error_code: "refund_failed" });
      expect(await notificationsOf(payer.id, "refund_failed")).toEqual([{ subject_id: sessionId }]);
      expect(await notificationsOf(payer.id, "refund_sent")).toEqual([]);
    } finally {
      payments.setRefundMode("succeeded");
    }
  });
});

describe("collectDuePayments: the manual provider", () => {
  it("charges and refunds become amounts due by hand (manual_due), terminal: never retried, nothing sent", async () => {
    const { sessionId, payer } = await chargedLesson({ card: null });
    const manual = createManualProvider();
    expect(await collectDuePayments({ db: sql, provider: manual, now: justAfter() })).toMatchObject({ manualDue: 1, actionRequired: 0 });
    await postLedgerRefund(sessionId, payer.id, 1_500);
    expect(await collectDuePayments({ db: sql, provider: manual, now: justAfter() })).toMatchObject({ manualDue: 1 });
    expect((await attemptsOf(sessionId)).map((row) => [row.kind, row.status, row.attempt_count])).toEqual([
      ["charge", "manual_due", 1],
      ["refund", "manual_due", 1],
    ]);
    expect(await collectDuePayments({ db: sql, provider: manual, now: new Date(Date.now() + 48 * HOUR_MS) })).toMatchObject({
      manualDue: 0,
    });
    expect(await intentsFor(sessionId)).toHaveLength(0);
    // The payer was told once of each: what is due from them, what is owed back to them.
    const notices = await sql<{ kind: string; title: string }[]>`
      select kind, title from public.notifications
      where recipient_id = ${payer.id} and subject_id = ${sessionId} and kind in ('payment_due', 'refund_due') order by kind`;
    expect(notices).toEqual([
      { kind: "payment_due", title: "Payment due: TT$100.00" },
      { kind: "refund_due", title: "Refund due to you: TT$15.00" },
    ]);
    const [emails] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.notification_outbox
      where recipient_id = ${payer.id} and subject_id = ${sessionId} and kind in ('payment_due', 'refund_due')`;
    expect(emails?.n).toBe(2);
  });
});

describe("decideFailedPayment", () => {
  async function failedCharge() {
    const lesson = await chargedLesson({ card: CARD_DECLINED });
    await collect(justAfter());
    await sql`update public.payment_attempts set status = 'failed' where session_id = ${lesson.sessionId} and kind = 'charge'`;
    return { ...lesson, attempt: await chargeAttempt(lesson.sessionId) };
  }

  it("a charge failed by its last decline carries its next, unsent key; the admin's retry sends it", async () => {
    const { sessionId, payer } = await chargedLesson({ card: CARD_DECLINED });
    const t0 = justAfter();
    for (const offset of [0, 1, 7, 31]) await collect(new Date(t0.getTime() + offset * HOUR_MS + 1000));
    const failed = await chargeAttempt(sessionId);
    expect(failed).toMatchObject({ status: "failed", idempotency_key: `session:${sessionId}:charge:retry:4` });
    await payments.saveTestCard(sql, payer, CARD_OK);
    await decideFailedPayment({
      db: sql,
      viewer: admin.viewer,
      attemptId: failed.id,
      outcome: "retry",
      reason: "New card on file",
      now: justAfter(),
    });
    expect(await collect(justAfter())).toMatchObject({ collected: 1 });
    const intents = await intentsFor(sessionId);
    expect(intents.map((intent) => intent.status).sort()).toEqual([
      "requires_payment_method",
      "requires_payment_method",
      "requires_payment_method",
      "requires_payment_method",
      "succeeded",
    ]);
    await expectProviderMatchesLedger(sessionId);
  });

  it("retry: back in the queue now with its unsent key, one decision, audited; a second decision is a conflict", async () => {
    const { sessionId, payer, attempt } = await failedCharge();
    const now = new Date();
    const decision = await decideFailedPayment({
      db: sql,
      viewer: admin.viewer,
      attemptId: attempt.id,
      outcome: "retry",
      reason: "Card updated by phone",
      now,
    });
    expect(decision).toMatchObject({ outcome: "retry", status: "pending" });
    expect(await chargeAttempt(sessionId)).toMatchObject({ status: "pending", idempotency_key: `session:${sessionId}:charge:retry:1` });
    const events =
      await sql`select type, actor_id, payload from public.session_events where session_id = ${sessionId} and type like 'payment.%'`;
    expect(events).toEqual([
      {
        type: "payment.retry_decided",
        actor_id: admin.id,
        payload: expect.objectContaining({ attempt_id: attempt.id, reason: "Card updated by phone" }),
      },
    ]);
    await expect(
      decideFailedPayment({ db: sql, viewer: admin.viewer, attemptId: attempt.id, outcome: "write_off", reason: "double click", now }),
    ).rejects.toMatchObject({ code: "already_done", status: 409 });
    // the retry goes to the provider with the new key and collects with the payer's new card
    await payments.saveTestCard(sql, payer, CARD_OK);
    expect(await collect(justAfter())).toMatchObject({ collected: 1 });
    const decisions = await sql`select outcome, reason from public.admin_decisions where subject_id = ${attempt.id}`;
    expect(decisions).toEqual([{ outcome: "retry", reason: "Card updated by phone" }]);
  });

  it("a retry the admin chose that fails again comes back to the queue and is decided again (round 2); a double click still cannot", async () => {
    const { sessionId, attempt } = await failedCharge();
    const now = new Date();
    await decideFailedPayment({ db: sql, viewer: admin.viewer, attemptId: attempt.id, outcome: "retry", reason: "Try once more", now });
    // The card still declines: the retry fails again (as the collection job leaves it after its last decline).
    await sql`update public.payment_attempts set status = 'failed' where id = ${attempt.id}`;
    await decideFailedPayment({
      db: sql,
      viewer: admin.viewer,
      attemptId: attempt.id,
      outcome: "write_off",
      reason: "Gave up, told the family",
      now,
    });
    await expect(
      decideFailedPayment({ db: sql, viewer: admin.viewer, attemptId: attempt.id, outcome: "retry", reason: "double click", now }),
    ).rejects.toMatchObject({ code: "already_done", status: 409 });
    expect(await chargeAttempt(sessionId)).toMatchObject({ status: "cancelled" });
    const decisions = await sql`select outcome, round from public.admin_decisions where subject_id = ${attempt.id} order by round`;
    expect(decisions).toEqual([
      { outcome: "retry", round: 1 },
      { outcome: "write_off", round: 2 },
    ]);
  });

  it("write_off cancels it; only admins decide; only failed payments can be decided", async () => {
    const { sessionId, attempt } = await failedCharge();
    const now = new Date();
    const student = await createUser(sql, { role: "student" });
    await expect(
      decideFailedPayment({ db: sql, viewer: student.viewer, attemptId: attempt.id, outcome: "write_off", reason: "mine", now }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      decideFailedPayment({ db: sql, viewer: admin.viewer, attemptId: attempt.id, outcome: "write_off", reason: " ", now }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await decideFailedPayment({
      db: sql,
      viewer: admin.viewer,
      attemptId: attempt.id,
      outcome: "write_off",
      reason: "Family hardship",
      now,
    });
    expect(await chargeAttempt(sessionId)).toMatchObject({ status: "cancelled" });
    const pending = await chargedLesson();
    const pendingAttempt = await chargeAttempt(pending.sessionId);
    await expect(
      decideFailedPayment({ db: sql, viewer: admin.viewer, attemptId: pendingAttempt.id, outcome: "retry", reason: "too early", now }),
    ).rejects.toMatchObject({ code: "conflict" });
    const decisions = await sql`select id from public.admin_decisions where subject_id = ${pendingAttempt.id}`;
    expect(decisions).toHaveLength(0);
  });
});
