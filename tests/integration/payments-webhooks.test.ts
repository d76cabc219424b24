import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/stripe/route";
import type { TChargeResult } from "@/lib/payments/providers/types";
import { savePayeeAccount } from "@/lib/payments/save-payee-account";
import { markAttemptActionRequired } from "@/lib/payments/settle-attempt";
import { saveCustomerRef } from "@/lib/payments/save-payment-method";
import { startStripeFake, STRIPE_TEST_CARDS, type TStripeDelivery, type TStripeFake } from "../fakes/stripe-fake";
import { useStripeFakeEnv } from "../fakes/stripe-fake-env";
import { testDb } from "../support/db";
import {
  cancelScheduledSessions,
  createTutor,
  createUser,
  minutesFrom,
  readResponse,
  createSessionAt,
  type TTestUser,
} from "../support/factories";

/**
 * POST /api/webhooks/stripe through the route handler, with events the local Stripe fake signed
 * (README "Payments"): signatures, staleness and replays refused or ignored, out-of-order events
 * converging, and each event's effect (saved card, settled charge and refund, activated transfers).
 */
let sql: Sql;
let fake: TStripeFake;
const tutors: TTestUser[] = [];
let restoreEnv: () => void;

beforeAll(async () => {
  sql = testDb();
  fake = await startStripeFake({ rateLimitPerSecond: null });
  // The route reads its provider from the environment (serverEnv, first read in this file's first request).
  restoreEnv = useStripeFakeEnv(fake);
});

afterAll(async () => {
  restoreEnv();
  await cancelScheduledSessions(
    sql,
    tutors.map((tutor) => tutor.id),
  );
  await fake.stop();
  await sql.end();
});

function post(rawBody: string, signature: string | null, headers: Record<string, string> = {}) {
  const request = new Request("http://localhost/api/webhooks/stripe", {
    method: "POST",
    headers: { "content-type": "application/json", ...(signature === null ? {} : { "stripe-signature": signature }), ...headers },
    body: rawBody,
  });
  return POST(request, undefined).then(readResponse);
}

/** Delivers a recorded event as Stripe would (a fresh signature unless told otherwise). */
const deliver = (delivery: TStripeDelivery, signature = fake.controls.sign(delivery.rawBody)) => post(delivery.rawBody, signature);

function deliveriesSince(count: number, type?: string): TStripeDelivery[] {
  return fake.controls
    .deliveries()
    .slice(count)
    .filter((delivery) => !type || delivery.type === type);
}

async function eventRows(eventId: string) {
  return sql<{ type: string }[]>`select type from public.payment_webhook_events where event_id = ${eventId}`;
}

/** A payer with a Stripe customer saved on our side and a past lesson whose charge is posted (its attempt enqueued). */
async function chargedLesson(options: { cardNumber?: string } = {}) {
  const tutor = await createTutor(sql);
  tutors.push(tutor);
  const student = await createUser(sql, { role: "student" });
  const { customerRef } = await fake.provider.ensureCustomer({
    userId: student.id,
    email: student.email,
    name: "Test student",
    idempotencyKey: `customer:${student.id}`,
  });
  await sql.begin((tx) => saveCustomerRef(tx, { userId: student.id, customerRef }));
  const link = await fake.provider.createSetupCheckout({
    customerRef,
    userId: student.id,
    successUrl: "http://localhost/done?c={CHECKOUT_SESSION_ID}",
    cancelUrl: "http://localhost/back",
    idempotencyKey: `setup:${student.id}`,
  });
  fake.controls.completeCheckout(link.checkoutRef, options.cardNumber ?? STRIPE_TEST_CARDS.visa.number);
  const state = await fake.provider.readCheckout(link.checkoutRef);
  if (state.status !== "complete" || state.mode !== "setup") throw new Error("setup not complete");
  const { sessionId } = await createSessionAt(sql, { tutor, student, startAt: minutesFrom(new Date(), -120) });
  const [ledger] = await sql<{ id: string }[]>`
    insert into public.ledger_entries (session_id, kind, party_id, amount_cents, currency, status, idempotency_key)
    values (${sessionId}, 'charge', ${student.id}, 15000, 'TTD', 'posted', ${`session:${sessionId}:charge`})
    returning id`;
  const [attempt] = await sql<{ id: string; idempotency_key: string }[]>`
    select id, idempotency_key from public.payment_attempts where ledger_entry_id = ${ledger!.id}`;
  return {
    tutor,
    student,
    sessionId,
    customerRef,
    card: state.card,
    attemptId: attempt!.id,
    key: attempt!.idempotency_key,
    ledgerId: ledger!.id,
  };
}

function charge(
  lesson: Awaited<ReturnType<typeof chargedLesson>>,
  overrides: { paymentMethodRef?: string; idempotencyKey?: string } = {},
): Promise<TChargeResult> {
  return fake.provider.chargeOffSession({
    customerRef: lesson.customerRef,
    paymentMethodRef: overrides.paymentMethodRef ?? lesson.card.paymentMethodRef,
    amountCents: 15_000,
    currency: "TTD",
    description: "Lesson",
    sessionId: lesson.sessionId,
    attemptId: lesson.attemptId,
    transferGroup: lesson.sessionId,
    idempotencyKey: overrides.idempotencyKey ?? lesson.key,
  });
}

async function attempt(attemptId: string) {
  const [row] = await sql<{ status: string; provider_ref: string | null; last_error_code: string | null; next_attempt_at: Date }[]>`
    select status, provider_ref, last_error_code, next_attempt_at from public.payment_attempts where id = ${attemptId}`;
  return row!;
}

describe("POST /api/webhooks/stripe: refusals", () => {
  it.each([
    ["a wrong signature", (body: string) => fake.controls.sign(body).replace(/v1=[0-9a-f]{4}/, "v1=0000"), "bad_signature"],
    ["a signature made with another secret", () => `t=${Math.floor(Date.now() / 1000)},v1=${"ab".repeat(32)}`, "bad_signature"],
    ["a stale signature (301 s old)", (body: string) => fake.controls.sign(body, Math.floor(Date.now() / 1000) - 301), "stale"],
    ["a signature from the future (301 s ahead)", (body: string) => fake.controls.sign(body, Math.floor(Date.now() / 1000) + 301), "stale"],
    ["a garbled header", () => "garbage", "malformed"],
  ])("refuses %s with 400 bad_request and records nothing", async (_label, signWith, reason) => {
    const before = fake.controls.deliveries().length;
    // An event that would settle a charge if it were accepted.
    const lesson = await chargedLesson();
    await charge(lesson);
    const [succeeded] = deliveriesSince(before, "payment_intent.succeeded");
    const response = await post(succeeded!.rawBody, signWith(succeeded!.rawBody));
    expect(response).toMatchObject({ status: 400, code: "bad_request", body: { error: { reason } } });
    expect(await eventRows(succeeded!.eventId)).toEqual([]);
    expect((await attempt(lesson.attemptId)).status).toBe("pending");
  });

  it("refuses a delivery without the Stripe-Signature header (400, missing)", async () => {
    expect(await post("{}", null)).toMatchObject({ status: 400, code: "bad_request", body: { error: { reason: "missing" } } });
  });

  it("refuses a body over the size limit before verifying it (400)", async () => {
    const rawBody = JSON.stringify({ id: "evt_big", padding: "x".repeat(300 * 1024) });
    expect(await post(rawBody, fake.controls.sign(rawBody))).toMatchObject({
      status: 400,
      code: "bad_request",
      body: { error: { reason: "too_large" } },
    });
    expect(await eventRows("evt_big")).toEqual([]);
  });

  it("accepts a correctly signed event it does not use and records nothing (ignored)", async () => {
    const before = fake.controls.deliveries().length;
    await charge(await chargedLesson());
    const [created] = deliveriesSince(before, "payment_intent.created");
    expect(await deliver(created!)).toMatchObject({ status: 200, body: { received: true, outcome: "ignored" } });
    expect(await eventRows(created!.eventId)).toEqual([]);
  });
});

describe("POST /api/webhooks/stripe: effects", () => {
  it("payment_intent.succeeded settles the charge attempt and posts the PaymentIntent on the ledger; a replay changes nothing", async () => {
    const lesson = await chargedLesson();
    const before = fake.controls.deliveries().length;
    const result = await charge(lesson);
    if (result.status !== "succeeded") throw new Error("charge failed");
    const [succeeded] = deliveriesSince(before, "payment_intent.succeeded");
    // As delivered, with the fake's own signature.
    expect(await post(succeeded!.rawBody, succeeded!.signature)).toMatchObject({ status: 200, body: { outcome: "processed" } });
    expect(await attempt(lesson.attemptId)).toMatchObject({ status: "succeeded", provider_ref: result.paymentRef });
    const [ledger] = await sql<{ provider_ref: string }[]>`select provider_ref from public.ledger_entries where id = ${lesson.ledgerId}`;
    expect(ledger?.provider_ref).toBe(result.paymentRef);

    const updatedAt = async () =>
      (await sql<{ updated_at: Date }[]>`select updated_at from public.payment_attempts where id = ${lesson.attemptId}`)[0]?.updated_at;
    const settledAt = await updatedAt();
    expect(await deliver(succeeded!)).toMatchObject({ status: 200, body: { outcome: "duplicate" } });
    expect(await eventRows(succeeded!.eventId)).toHaveLength(1);
    expect(await updatedAt()).toEqual(settledAt);
  });

  it("out of order: a payment_failed delivered after payment_succeeded leaves the attempt succeeded", async () => {
    const lesson = await chargedLesson({ cardNumber: STRIPE_TEST_CARDS.insufficientFunds.number });
    const before = fake.controls.deliveries().length;
    expect((await charge(lesson)).status).toBe("action_required");
    const retried = await charge(lesson, { paymentMethodRef: "pm_card_visa", idempotencyKey: `${lesson.key}:retry:1` });
    if (retried.status !== "succeeded") throw new Error("retry failed");
    const [failed] = deliveriesSince(before, "payment_intent.payment_failed");
    const [succeeded] = deliveriesSince(before, "payment_intent.succeeded");

    expect((await deliver(succeeded!)).body).toMatchObject({ outcome: "processed" });
    expect((await deliver(failed!)).body).toMatchObject({ outcome: "processed" });
    expect(await attempt(lesson.attemptId)).toMatchObject({ status: "succeeded", provider_ref: retried.paymentRef, last_error_code: null });
  });

  it("payment_failed leaves a pending attempt to the job, refreshes one waiting for its payer (schedule kept); payment_succeeded settles it", async () => {
    const lesson = await chargedLesson({ cardNumber: STRIPE_TEST_CARDS.insufficientFunds.number });
    const before = fake.controls.deliveries().length;
    const declined = await charge(lesson);
    if (declined.status !== "action_required") throw new Error("expected a decline");
    const [failed] = deliveriesSince(before, "payment_intent.payment_failed");
    // Still pending (the job's call got the decline too and records it, with the payer's notification).
    expect((await deliver(failed!)).body).toMatchObject({ outcome: "processed" });
    expect(await attempt(lesson.attemptId)).toMatchObject({ status: "pending", last_error_code: null });

    // What the job records for its decline; then the payer's on-session Checkout is declined as well.
    const retryAt = new Date(Date.now() + 3_600_000);
    await sql.begin((tx) =>
      markAttemptActionRequired(tx, {
        attemptId: lesson.attemptId,
        code: "insufficient_funds",
        message: "x",
        providerRef: declined.paymentRef,
        nextAttemptAt: retryAt,
      }),
    );
    const checkout = await fake.provider.createPaymentCheckout({
      customerRef: lesson.customerRef,
      amountCents: 15_000,
      currency: "TTD",
      description: "Lesson",
      sessionId: lesson.sessionId,
      attemptId: lesson.attemptId,
      transferGroup: lesson.sessionId,
      successUrl: "http://localhost/pay/done",
      cancelUrl: "http://localhost/pay",
      idempotencyKey: `${lesson.key}:checkout:1`,
    });
    const middle = fake.controls.deliveries().length;
    expect(fake.controls.completeCheckout(checkout.checkoutRef, STRIPE_TEST_CARDS.declined.number).status).toBe("declined");
    const [onSessionFailure] = deliveriesSince(middle, "payment_intent.payment_failed");
    expect((await deliver(onSessionFailure!)).body).toMatchObject({ outcome: "processed" });
    expect(await attempt(lesson.attemptId)).toMatchObject({
      status: "action_required",
      last_error_code: "generic_decline",
      next_attempt_at: retryAt,
    });

    const last = fake.controls.deliveries().length;
    expect(fake.controls.completeCheckout(checkout.checkoutRef, STRIPE_TEST_CARDS.visa.number).status).toBe("complete");
    const [succeeded] = deliveriesSince(last, "payment_intent.succeeded");
    expect((await deliver(succeeded!)).body).toMatchObject({ outcome: "processed" });
    expect(await attempt(lesson.attemptId)).toMatchObject({ status: "succeeded", last_error_code: null });
  });

  it("a saved card (payment_method.attached from the setup Checkout) is saved for the payer found by their customer", async () => {
    const student = await createUser(sql, { role: "parent" });
    const { customerRef } = await fake.provider.ensureCustomer({
      userId: student.id,
      email: student.email,
      name: "P",
      idempotencyKey: `customer:${student.id}`,
    });
    await sql.begin((tx) => saveCustomerRef(tx, { userId: student.id, customerRef }));
    const link = await fake.provider.createSetupCheckout({
      customerRef,
      userId: student.id,
      successUrl: "http://localhost/done",
      cancelUrl: "http://localhost/back",
      idempotencyKey: `setup:${student.id}`,
    });
    const before = fake.controls.deliveries().length;
    fake.controls.completeCheckout(link.checkoutRef, STRIPE_TEST_CARDS.mastercard.number);
    const events = deliveriesSince(before);
    expect(events.map((delivery) => delivery.type)).toEqual([
      "payment_method.attached",
      "setup_intent.succeeded",
      "checkout.session.completed",
    ]);
    const outcomes = [];
    for (const delivery of events) outcomes.push((await deliver(delivery)).body.outcome);
    expect(outcomes).toEqual(["processed", "ignored", "ignored"]);
    const [saved] = await sql<{ brand: string; last4: string; payment_method_ref: string; customer_ref: string }[]>`
      select brand, last4, payment_method_ref, customer_ref from public.payment_methods where user_id = ${student.id}`;
    expect(saved).toMatchObject({
      brand: "mastercard",
      last4: "4444",
      customer_ref: customerRef,
      payment_method_ref: expect.stringMatching(/^pm_/),
    });
    expect((await deliver(events[0]!)).body.outcome).toBe("duplicate");

    // An older attach delivered late (another card, a minute earlier) does not replace the saved card.
    const attached = JSON.parse(events[0]!.rawBody) as { id: string; created: number; data: { object: Record<string, unknown> } };
    const late = JSON.stringify({
      ...attached,
      id: `${attached.id}_late`,
      created: attached.created - 60,
      data: { object: { ...attached.data.object, id: "pm_older", card: { brand: "visa", last4: "0002", exp_month: 1, exp_year: 2030 } } },
    });
    expect((await post(late, fake.controls.sign(late))).body.outcome).toBe("processed");
    const [kept] = await sql<{ last4: string }[]>`select last4 from public.payment_methods where user_id = ${student.id}`;
    expect(kept?.last4).toBe("4444");
  });

  it("account.updated (onboarding done) enables the payee and activates their awaiting_payee transfers", async () => {
    const tutor = await createTutor(sql);
    tutors.push(tutor);
    const student = await createUser(sql, { role: "student" });
    const { accountRef } = await fake.provider.createPayee({ tutorId: tutor.id, email: tutor.email, idempotencyKey: `payee:${tutor.id}` });
    await sql.begin((tx) =>
      savePayeeAccount(tx, { tutorId: tutor.id, accountRef, payoutsEnabled: false, detailsSubmitted: false, now: new Date() }),
    );
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt: minutesFrom(new Date(), -26 * 60) });
    const [payout] = await sql<{ id: string }[]>`
      insert into public.ledger_entries (session_id, kind, party_id, amount_cents, currency, status, release_at, idempotency_key)
      values (${sessionId}, 'payout', ${tutor.id}, 12000, 'TTD', 'held', now(), ${`session:${sessionId}:payout`}) returning id`;
    await sql`update public.ledger_entries set status = 'released', released_at = now() where id = ${payout!.id}`;
    const [transfer] = await sql<
      { id: string; status: string }[]
    >`select id, status from public.payment_attempts where ledger_entry_id = ${payout!.id}`;
    expect(transfer?.status).toBe("awaiting_payee");

    const before = fake.controls.deliveries().length;
    fake.controls.completeOnboarding(accountRef);
    const [updated] = deliveriesSince(before, "account.updated");
    expect((await deliver(updated!)).body.outcome).toBe("processed");
    const [payee] = await sql<{ payouts_enabled: boolean; details_submitted: boolean }[]>`
      select payouts_enabled, details_submitted from public.payee_accounts where tutor_id = ${tutor.id}`;
    expect(payee).toEqual({ payouts_enabled: true, details_submitted: true });
    expect((await attempt(transfer!.id)).status).toBe("pending");

    // An older account.updated (payouts still off) delivered late leaves payouts on; a newer one is applied.
    const older = JSON.parse(updated!.rawBody) as { id: string; created: number; data: { object: Record<string, unknown> } };
    const late = JSON.stringify({
      ...older,
      id: `${older.id}_late`,
      created: older.created - 60,
      data: { object: { ...older.data.object, payouts_enabled: false, details_submitted: false } },
    });
    expect((await post(late, fake.controls.sign(late))).body.outcome).toBe("processed");
    const payeeNow = async () =>
      (await sql<{ payouts_enabled: boolean }[]>`select payouts_enabled from public.payee_accounts where tutor_id = ${tutor.id}`)[0];
    expect(await payeeNow()).toEqual({ payouts_enabled: true });
    const newer = JSON.stringify({ ...JSON.parse(late), id: `${older.id}_newer`, created: Math.floor(Date.now() / 1000) + 5 });
    expect((await post(newer, fake.controls.sign(newer))).body.outcome).toBe("processed");
    expect(await payeeNow()).toEqual({ payouts_enabled: false });
  });

  it("refund.updated (a pending refund succeeded) settles the refund attempt found by its provider ref", async () => {
    const lesson = await chargedLesson();
    const result = await charge(lesson);
    if (result.status !== "succeeded") throw new Error("charge failed");
    const [refundRow] = await sql<{ id: string }[]>`
      insert into public.ledger_entries (session_id, kind, party_id, amount_cents, currency, status, idempotency_key)
      values (${lesson.sessionId}, 'refund', ${lesson.student.id}, 5000, 'TTD', 'posted', ${`session:${lesson.sessionId}:refund:1`}) returning id`;
    const [refundAttempt] = await sql<{ id: string; idempotency_key: string }[]>`
      select id, idempotency_key from public.payment_attempts where ledger_entry_id = ${refundRow!.id}`;
    fake.controls.setRefundMode("pending");
    const refund = await fake.provider.refund({
      paymentRef: result.paymentRef,
      amountCents: 5_000,
      sessionId: lesson.sessionId,
      idempotencyKey: refundAttempt!.idempotency_key,
    });
    fake.controls.setRefundMode("succeeded");
    if (refund.status !== "pending") throw new Error("expected a pending refund");
    // What the collection job records for a pending refund: its provider id, still waiting.
    await sql`update public.payment_attempts set provider_ref = ${refund.refundRef} where id = ${refundAttempt!.id}`;

    const before = fake.controls.deliveries().length;
    fake.controls.settleRefund(refund.refundRef, "succeeded");
    const [updated] = deliveriesSince(before, "refund.updated");
    expect((await deliver(updated!)).body.outcome).toBe("processed");
    expect(await attempt(refundAttempt!.id)).toMatchObject({ status: "succeeded", provider_ref: refund.refundRef });
    const [ledger] = await sql<{ provider_ref: string }[]>`select provider_ref from public.ledger_entries where id = ${refundRow!.id}`;
    expect(ledger?.provider_ref).toBe(refund.refundRef);
  });
});
