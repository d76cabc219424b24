import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestBooking } from "@/lib/bookings/request-booking";
import { completePayeeOnboarding } from "@/lib/payments/complete-payee-onboarding";
import { completePaymentCheckout } from "@/lib/payments/complete-payment-checkout";
import { handlePaymentEvent } from "@/lib/payments/handle-payment-event";
import { createManualProvider } from "@/lib/payments/providers/manual";
import { completeSetupCheckout } from "@/lib/payments/complete-setup-checkout";
import { listManualPayouts } from "@/lib/payments/list-manual-payouts";
import { listPayerPayments } from "@/lib/payments/list-payer-payments";
import type { PaymentProvider } from "@/lib/payments/providers/types";
import { readPaymentReceipt } from "@/lib/payments/read-payment-receipt";
import { readTutorEarnings } from "@/lib/payments/read-tutor-earnings";
import { startPayeeOnboarding } from "@/lib/payments/start-payee-onboarding";
import { startPaymentCheckout } from "@/lib/payments/start-payment-checkout";
import { startSetupCheckout } from "@/lib/payments/start-setup-checkout";
import { markAttemptSucceeded } from "@/lib/payments/settle-attempt";
import { startStripeFake } from "../fakes/stripe-fake";
import { bookingFootprint, createBookableTutor, type TBookableTutor } from "../support/booking-fixtures";
import { testDb } from "../support/db";
import { createParentOf, createTutor, createUser, type TTestUser } from "../support/factories";
import { createChargedLesson, parkAttempt, refundPart, releasePayout } from "../support/payment-fixtures";
import { caught } from "../support/caught";
import { offSessionChargeRequest } from "@/lib/payments/collect-due-charges";

const APP_URL = "http://app.test";
const HOUR_MS = 3_600_000;
// Held payouts of an onboarded tutor release two months out: other files' jobs (which may run "later") never transfer them.
const DAY_MS = 24 * HOUR_MS;
const CARD_OK = "4242424242424242";

let sql: Sql;
let fake: Awaited<ReturnType<typeof startStripeFake>>;
let provider: PaymentProvider;

beforeAll(async () => {
  sql = testDb(8);
  fake = await startStripeFake({});
  // Rate limits are the collection jobs' concern (payments-collection tests); these pages make a few calls each.
  fake.controls.setRateLimit(null);
  provider = fake.provider;
});
afterAll(async () => {
  await fake?.stop();
  await sql.end();
});

function checkoutRefOf(url: string): string {
  // The fake's hosted page URL ends with the Checkout's id; the verb returns it too, this only checks the URL is real.
  return new URL(url).pathname.split("/").filter(Boolean).at(-1) ?? "";
}

/** Saves a card for `user` the way the browser does: start, the hosted page, back through the return. */
async function saveCard(user: TTestUser, card = CARD_OK) {
  const started = await startSetupCheckout({
    db: sql,
    viewer: user.viewer,
    provider,
    next: "/student/payments",
    appUrl: APP_URL,
    now: new Date(),
  });
  await fake.controls.completeCheckout(started.checkoutRef, card);
  return completeSetupCheckout({ db: sql, viewer: user.viewer, provider, checkoutRef: started.checkoutRef, now: new Date() });
}

async function savedCardRow(userId: string) {
  const [row] = await sql<{ customer_ref: string; brand: string | null; last4: string | null }[]>`
    select customer_ref, brand, last4 from public.payment_methods where user_id = ${userId}`;
  return row ?? null;
}

/** What the collection job sends for the lesson's charge (10 000 cents), from the student's saved card, under `idempotencyKey`. */
async function chargeStudentCard(studentId: string, lesson: { sessionId: string; chargeAttemptId: string }, idempotencyKey: string) {
  const [card] = await sql<{ customer_ref: string; payment_method_ref: string }[]>`
    select customer_ref, payment_method_ref from public.payment_methods where user_id = ${studentId}`;
  const attempt = {
    id: lesson.chargeAttemptId,
    session_id: lesson.sessionId,
    amount_cents: 10_000,
    currency: "TTD",
    idempotency_key: idempotencyKey,
  };
  return provider.chargeOffSession(
    offSessionChargeRequest(attempt, { customerRef: card!.customer_ref, paymentMethodRef: card!.payment_method_ref }),
  );
}

describe("card at booking: the setup Checkout", () => {
  it("creates the payer's customer once, sends them to the hosted page and saves the card on return", async () => {
    const student = await createUser(sql, { role: "student" });
    const next = "/tutors/00000000-0000-4000-8000-000000000000?start=2026-12-03T10:00:00.000Z#confirm";
    const first = await startSetupCheckout({ db: sql, viewer: student.viewer, provider, next, appUrl: APP_URL, now: new Date() });
    expect(first.url).toMatch(/^http/);
    expect(checkoutRefOf(first.url)).not.toBe("");
    const customer = await savedCardRow(student.id);
    expect(customer?.customer_ref).toBeTruthy();
    expect(customer?.last4).toBeNull();

    // Left open: nothing saved yet.
    expect(
      await completeSetupCheckout({ db: sql, viewer: student.viewer, provider, checkoutRef: first.checkoutRef, now: new Date() }),
    ).toEqual({
      status: "open",
    });
    await fake.controls.completeCheckout(first.checkoutRef, CARD_OK);
    const outcome = await completeSetupCheckout({
      db: sql,
      viewer: student.viewer,
      provider,
      checkoutRef: first.checkoutRef,
      now: new Date(),
    });
    expect(outcome.status).toBe("saved");
    expect(await savedCardRow(student.id)).toMatchObject({ customer_ref: customer!.customer_ref, brand: "visa", last4: "4242" });

    // Replace: a new Checkout for the same customer; still one customer at the provider for this payer.
    const second = await startSetupCheckout({ db: sql, viewer: student.viewer, provider, next, appUrl: APP_URL, now: new Date() });
    expect(second.checkoutRef).not.toBe(first.checkoutRef);
    const customers = (fake.controls.objects("customers") as { metadata?: Record<string, string> }[]).filter(
      (item) => item.metadata?.user_id === student.id || JSON.stringify(item).includes(student.id),
    );
    expect(customers).toHaveLength(1);
  });

  it("refuses a return path off this site before calling the provider", async () => {
    const student = await createUser(sql, { role: "student" });
    for (const next of ["https://evil.example/", "//evil.example", "/\\evil.example"]) {
      const error = await caught(startSetupCheckout({ db: sql, viewer: student.viewer, provider, next, appUrl: APP_URL, now: new Date() }));
      expect(error.code).toBe("invalid_input");
    }
    expect(await savedCardRow(student.id)).toBeNull();
  });

  it("refuses a tutor, and a Checkout completed by another account", async () => {
    const tutor = await createTutor(sql);
    expect(
      (await caught(startSetupCheckout({ db: sql, viewer: tutor.viewer, provider, next: "/", appUrl: APP_URL, now: new Date() }))).code,
    ).toBe("forbidden");
    const owner = await createUser(sql, { role: "student" });
    const thief = await createUser(sql, { role: "student" });
    const started = await startSetupCheckout({ db: sql, viewer: owner.viewer, provider, next: "/", appUrl: APP_URL, now: new Date() });
    await fake.controls.completeCheckout(started.checkoutRef, CARD_OK);
    const error = await caught(
      completeSetupCheckout({ db: sql, viewer: thief.viewer, provider, checkoutRef: started.checkoutRef, now: new Date() }),
    );
    expect(error.code).toBe("forbidden");
    expect(await savedCardRow(thief.id)).toBeNull();
  });
});

describe("requestBooking with a card-charging provider", () => {
  let fixture: TBookableTutor;
  const slotAt = (hours: number) => new Date(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS + hours * HOUR_MS);

  beforeAll(async () => {
    fixture = await createBookableTutor(sql);
  });

  it("refuses a payer without a saved card (409 payment_method_required) and writes nothing", async () => {
    const student = await createUser(sql, { role: "student" });
    const input = { tutor_id: fixture.tutor.id, subject_id: fixture.subjectId, start_at: slotAt(30).toISOString(), duration_minutes: 60 };
    const error = await caught(requestBooking({ db: sql, viewer: student.viewer, input, now: new Date(), provider }));
    expect(error.code).toBe("payment_method_required");
    expect(error.status).toBe(409);
    expect(await bookingFootprint(sql, [student.id])).toEqual({ bookings: 0, events: 0 });

    expect((await saveCard(student)).status).toBe("saved");
    const booking = await requestBooking({ db: sql, viewer: student.viewer, input, now: new Date(), provider });
    expect(booking.status).toBe("pending");
  });

  it("a parent pays with their own card: the child's card does not count", async () => {
    const child = await createUser(sql, { role: "student" });
    const parent = await createParentOf(sql, child);
    await saveCard(child);
    const input = {
      tutor_id: fixture.tutor.id,
      subject_id: fixture.subjectId,
      start_at: slotAt(34).toISOString(),
      duration_minutes: 60,
      student_id: child.id,
    };
    expect((await caught(requestBooking({ db: sql, viewer: parent.viewer, input, now: new Date(), provider }))).code).toBe(
      "payment_method_required",
    );
    expect(await bookingFootprint(sql, [child.id])).toEqual({ bookings: 0, events: 0 });
    await saveCard(parent);
    const booking = await requestBooking({ db: sql, viewer: parent.viewer, input, now: new Date(), provider });
    expect(booking.student_id).toBe(child.id);
  });

  it("the manual provider books without a card", async () => {
    const student = await createUser(sql, { role: "student" });
    const input = { tutor_id: fixture.tutor.id, subject_id: fixture.subjectId, start_at: slotAt(38).toISOString(), duration_minutes: 60 };
    const booking = await requestBooking({
      db: sql,
      viewer: student.viewer,
      input,
      now: new Date(),
      provider: { requiresSavedPaymentMethod: false },
    });
    expect(booking.status).toBe("pending");
  });
});

describe("Complete payment", () => {
  it("only the payer opens an on-session Checkout; paying it settles the attempt once", async () => {
    const tutor = await createTutor(sql);
    const student = await createUser(sql, { role: "student" });
    const other = await createUser(sql, { role: "student" });
    await saveCard(student);
    const lesson = await createChargedLesson(sql, {
      tutor,
      student,
      startAt: new Date(Date.now() - 3 * HOUR_MS),
      status: "action_required",
      errorCode: "insufficient_funds",
    });
    const options = { db: sql, provider, attemptId: lesson.chargeAttemptId, appUrl: APP_URL, now: new Date() };
    expect((await caught(startPaymentCheckout({ ...options, viewer: other.viewer }))).code).toBe("not_found");

    const started = await startPaymentCheckout({ ...options, viewer: student.viewer });
    // While the Checkout is open the job does not retry off-session (both could succeed).
    await sql`update public.payment_attempts set next_attempt_at = now() where id = ${lesson.chargeAttemptId}`;
    await startPaymentCheckout({ ...options, viewer: student.viewer });
    const [deferred] = await sql<
      { next_attempt_at: Date }[]
    >`select next_attempt_at from public.payment_attempts where id = ${lesson.chargeAttemptId}`;
    expect(deferred!.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 23 * HOUR_MS);
    const again = await startPaymentCheckout({ ...options, viewer: student.viewer });
    expect(again.checkoutRef).toBe(started.checkoutRef); // same key: a double click opens the same page
    expect(await completePaymentCheckout({ ...options, viewer: student.viewer, checkoutRef: started.checkoutRef })).toEqual({
      status: "open",
    });
    await fake.controls.completeCheckout(started.checkoutRef, CARD_OK);
    expect((await caught(completePaymentCheckout({ ...options, viewer: other.viewer, checkoutRef: started.checkoutRef }))).code).toBe(
      "not_found",
    );
    expect(await completePaymentCheckout({ ...options, viewer: student.viewer, checkoutRef: started.checkoutRef })).toEqual({
      status: "paid",
      isNewlyPaid: true,
    });
    expect(await completePaymentCheckout({ ...options, viewer: student.viewer, checkoutRef: started.checkoutRef })).toEqual({
      status: "paid",
      isNewlyPaid: false,
    });
    const [row] = await sql<{ status: string; provider_ref: string; ledger_ref: string }[]>`
      select a.status, a.provider_ref, l.provider_ref as ledger_ref from public.payment_attempts a
      join public.ledger_entries l on l.id = a.ledger_entry_id where a.id = ${lesson.chargeAttemptId}`;
    expect(row?.status).toBe("succeeded");
    expect(row?.ledger_ref).toBe(row?.provider_ref);
    expect((await caught(startPaymentCheckout({ ...options, viewer: student.viewer }))).code).toBe("already_done");
  });

  it("refuses a Checkout of another lesson's payment", async () => {
    const tutor = await createTutor(sql);
    const student = await createUser(sql, { role: "student" });
    await saveCard(student);
    const startAt = new Date(Date.now() - 30 * HOUR_MS);
    const a = await createChargedLesson(sql, { tutor, student, startAt, status: "action_required", errorCode: "card_declined" });
    const b = await createChargedLesson(sql, {
      tutor,
      student,
      startAt: new Date(startAt.getTime() + 2 * HOUR_MS),
      status: "action_required",
      errorCode: "card_declined",
    });
    const started = await startPaymentCheckout({
      db: sql,
      viewer: student.viewer,
      provider,
      attemptId: a.chargeAttemptId,
      appUrl: APP_URL,
      now: new Date(),
    });
    await fake.controls.completeCheckout(started.checkoutRef, CARD_OK);
    const error = await caught(
      completePaymentCheckout({
        db: sql,
        viewer: student.viewer,
        provider,
        attemptId: b.chargeAttemptId,
        checkoutRef: started.checkoutRef,
        now: new Date(),
      }),
    );
    expect(error.code).toBe("forbidden");
    const [row] = await sql<{ status: string }[]>`select status from public.payment_attempts where id = ${b.chargeAttemptId}`;
    expect(row?.status).toBe("action_required");
  });

  it("refuses a payment that does not need the payer", async () => {
    const tutor = await createTutor(sql);
    const student = await createUser(sql, { role: "student" });
    const lesson = await createChargedLesson(sql, { tutor, student, startAt: new Date(Date.now() - 50 * HOUR_MS), status: "pending" });
    const error = await caught(
      startPaymentCheckout({
        db: sql,
        viewer: student.viewer,
        provider,
        attemptId: lesson.chargeAttemptId,
        appUrl: APP_URL,
        now: new Date(),
      }),
    );
    expect(error.code).toBe("conflict");
  });

  it.each(["return page", "webhook"] as const)(
    "a second payment of one charge (on-session while an off-session retry went through) is refunded in full, once (%s)",
    async (path) => {
      const tutor = await createTutor(sql);
      const student = await createUser(sql, { role: "student" });
      await saveCard(student);
      const lesson = await createChargedLesson(sql, {
        tutor,
        student,
        startAt: new Date(Date.now() - 3 * HOUR_MS),
        status: "action_required",
        errorCode: "authentication_required",
      });
      const options = { db: sql, provider, attemptId: lesson.chargeAttemptId, appUrl: APP_URL, now: new Date(), viewer: student.viewer };
      const started = await startPaymentCheckout(options);
      // Meanwhile the job's off-session retry collected the charge and settled the attempt.
      const offSession = await chargeStudentCard(student.id, lesson, `session:${lesson.sessionId}:charge:retry:1`);
      if (offSession.status !== "succeeded") throw new Error(`off-session charge: ${offSession.status}`);
      await sql.begin((tx) =>
        markAttemptSucceeded(tx, { attemptId: lesson.chargeAttemptId, providerRef: offSession.paymentRef, now: new Date() }),
      );
      // …and the payer pays in the Checkout as well.
      const before = fake.controls.deliveries().length;
      fake.controls.completeCheckout(started.checkoutRef, CARD_OK);
      if (path === "return page") {
        expect(await completePaymentCheckout({ ...options, checkoutRef: started.checkoutRef })).toMatchObject({
          status: "paid",
          isNewlyPaid: false,
        });
      }
      // The webhook of the Checkout's payment arrives in both cases (and finds the refund already made on the return path).
      for (const delivery of fake.controls.deliveries().slice(before)) {
        const event = provider.verifyWebhook({ rawBody: delivery.rawBody, signature: delivery.signature, now: new Date() });
        await handlePaymentEvent({ db: sql, event, now: new Date(), provider });
      }
      const intents = fake.controls
        .objects("payment_intents")
        .filter((intent) => intent.status === "succeeded" && (intent.metadata as Record<string, string>).session_id === lesson.sessionId);
      expect(intents).toHaveLength(2);
      const refunds = fake.controls.objects("refunds").filter((refund) => intents.some((intent) => intent.id === refund.payment_intent));
      expect(refunds).toHaveLength(1);
      expect(refunds[0]).toMatchObject({ amount: 10_000, status: "succeeded" });
      expect(refunds[0]!.payment_intent).not.toBe(offSession.paymentRef);
      const [attempt] = await sql<
        { provider_ref: string }[]
      >`select provider_ref from public.payment_attempts where id = ${lesson.chargeAttemptId}`;
      expect(attempt?.provider_ref).toBe(offSession.paymentRef);
    },
  );
});

describe("the payer's payments and receipts", () => {
  it("lists each charge and refund of lessons the viewer paid, never the payout or the fee", async () => {
    const tutor = await createTutor(sql);
    const student = await createUser(sql, { role: "student" });
    const parent = await createParentOf(sql, student);
    await saveCard(student);
    const base = Date.now() - 100 * HOUR_MS;
    const paid = await createChargedLesson(sql, { tutor, student, startAt: new Date(base), priceCents: 12_000, status: "succeeded" });
    const declined = await createChargedLesson(sql, {
      tutor,
      student,
      startAt: new Date(base + 2 * HOUR_MS),
      status: "action_required",
      errorCode: "insufficient_funds",
    });
    const byParent = await createChargedLesson(sql, {
      tutor,
      student,
      payer: parent,
      startAt: new Date(base + 4 * HOUR_MS),
      status: "manual_due",
    });
    const { refundAttemptId } = await refundPart(sql, { lesson: paid, student, tutor, refundCents: 3_000, reversalCents: 2_400 });
    await parkAttempt(sql, refundAttemptId, "succeeded");

    const mine = await listPayerPayments({ db: sql, viewer: student.viewer });
    const byEntry = new Map(mine.map((item) => [item.ledgerEntryId, item]));
    expect(byEntry.get(paid.chargeId)).toMatchObject({ kind: "charge", status: "paid", amountCents: 12_000, refundedCents: 3_000 });
    expect(byEntry.get(declined.chargeId)).toMatchObject({ status: "needs_action", attemptId: declined.chargeAttemptId });
    expect(byEntry.get(declined.chargeId)?.reason).toMatch(/insufficient/);
    expect(mine.filter((item) => item.kind === "refund")).toEqual([expect.objectContaining({ status: "refunded", amountCents: 3_000 })]);
    expect(byEntry.has(byParent.chargeId)).toBe(false); // the parent paid that one
    expect(mine).toHaveLength(3);
    // Only charges and refunds: no payout or fee row, and no field that names one. (Not a regex over the
    // JSON: ids are hex, and a uuid ending in "…fee" would match.)
    expect(new Set(mine.map((item) => item.kind))).toEqual(new Set(["charge", "refund"]));
    expect(byEntry.has(paid.payoutId)).toBe(false);
    expect(mine.flatMap((item) => Object.keys(item)).filter((key) => /payout|fee/i.test(key))).toEqual([]);

    // Refunded in full, the charge reads as refunded.
    const { refundAttemptId: secondRefund } = await refundPart(sql, {
      lesson: paid,
      student,
      tutor,
      refundCents: 9_000,
      reversalCents: 7_200,
      n: 2,
    });
    await parkAttempt(sql, secondRefund, "succeeded");
    const afterFull = await listPayerPayments({ db: sql, viewer: student.viewer, ledgerEntryId: paid.chargeId });
    expect(afterFull).toEqual([expect.objectContaining({ status: "refunded", refundedCents: 12_000 })]);

    const theirs = await listPayerPayments({ db: sql, viewer: parent.viewer });
    expect(theirs.map((item) => [item.ledgerEntryId, item.status])).toEqual([[byParent.chargeId, "due"]]);

    const receipt = await readPaymentReceipt({ db: sql, viewer: student.viewer, provider, ledgerEntryId: paid.chargeId });
    expect(receipt.charge.providerRef).toMatch(/^pi_/);
    // (this fixture's reference was never at the provider: the receipt says so rather than guess a card)
    expect(receipt.card).toEqual({ status: "unavailable" });
    expect(receipt.refunds.map((item) => item.amountCents).sort()).toEqual([3_000, 9_000]);
    expect((await caught(readPaymentReceipt({ db: sql, viewer: parent.viewer, provider, ledgerEntryId: paid.chargeId }))).code).toBe(
      "not_found",
    );
  });

  it("a receipt names the card the charge was paid with, not the card on file today", async () => {
    const tutor = await createTutor(sql);
    const student = await createUser(sql, { role: "student" });
    await saveCard(student);
    const lesson = await createChargedLesson(sql, { tutor, student, startAt: new Date(Date.now() - 50 * HOUR_MS), status: "pending" });
    const charged = await chargeStudentCard(student.id, lesson, `session:${lesson.sessionId}:charge`);
    if (charged.status !== "succeeded") throw new Error(`charge: ${charged.status}`);
    await sql.begin((tx) =>
      markAttemptSucceeded(tx, { attemptId: lesson.chargeAttemptId, providerRef: charged.paymentRef, now: new Date() }),
    );
    await saveCard(student, "5555555555554444"); // replaced afterwards
    const receipt = await readPaymentReceipt({ db: sql, viewer: student.viewer, provider, ledgerEntryId: lesson.chargeId });
    expect(receipt.card).toEqual({ status: "card", brand: "visa", last4: "4242" });
    const byHand = await readPaymentReceipt({
      db: sql,
      viewer: student.viewer,
      provider: createManualProvider(),
      ledgerEntryId: lesson.chargeId,
    });
    expect(byHand.card).toEqual({ status: "by_hand" });
  });

  it("is for payers only", async () => {
    const tutor = await createTutor(sql);
    expect((await caught(listPayerPayments({ db: sql, viewer: tutor.viewer }))).code).toBe("forbidden");
  });
});

describe("the tutor's earnings and payout onboarding", () => {
  it("totals held, released, paid out and refunded; onboarding activates the accrued transfer", async () => {
    const tutor = await createTutor(sql);
    const student = await createUser(sql, { role: "student" });
    const now = new Date();
    const held = await createChargedLesson(sql, {
      tutor,
      student,
      startAt: new Date(now.getTime() - 5 * HOUR_MS),
      payoutCents: 8_000,
      releaseAt: new Date(now.getTime() + 60 * DAY_MS),
      status: "succeeded",
    });
    const released = await createChargedLesson(sql, {
      tutor,
      student,
      startAt: new Date(now.getTime() - 60 * HOUR_MS),
      payoutCents: 7_000,
      status: "succeeded",
    });
    const refunded = await createChargedLesson(sql, {
      tutor,
      student,
      startAt: new Date(now.getTime() - 80 * HOUR_MS),
      payoutCents: 6_000,
      releaseAt: new Date(now.getTime() + 61 * DAY_MS),
      status: "succeeded",
    });
    await refundPart(sql, { lesson: refunded, student, tutor, refundCents: 2_500, reversalCents: 2_000 });
    const transferId = await releasePayout(sql, released.payoutId);
    const [transfer] = await sql<
      { status: string; amount_cents: string }[]
    >`select status, amount_cents from public.payment_attempts where id = ${transferId}`;
    expect(transfer?.status).toBe("awaiting_payee");

    const before = await readTutorEarnings({ db: sql, viewer: tutor.viewer, now });
    expect(before.totals).toEqual({ heldCents: 8_000 + 4_000, releasedCents: 7_000, paidOutCents: 0, reversedCents: 2_000 });
    expect(before.held.map((item) => item.ledgerEntryId)[0]).toBe(held.payoutId);
    expect(before.weeks.reduce((sum, week) => sum + week.cents, 0)).toBe(8_000 + 7_000 + 4_000);
    expect(before.payoutAccount).toBeNull();

    const link = await startPayeeOnboarding({ db: sql, viewer: tutor.viewer, provider, appUrl: APP_URL, now });
    expect(link.url).toMatch(/^http/);
    const [account] = await sql<{ account_ref: string; payouts_enabled: boolean }[]>`
      select account_ref, payouts_enabled from public.payee_accounts where tutor_id = ${tutor.id}`;
    expect(account?.payouts_enabled).toBe(false);
    // A second click: a new link for the same connected account.
    await startPayeeOnboarding({ db: sql, viewer: tutor.viewer, provider, appUrl: APP_URL, now });
    expect((await sql`select 1 from public.payee_accounts where tutor_id = ${tutor.id}`).length).toBe(1);

    // Back before finishing: still off, the transfer still waits.
    expect(await completePayeeOnboarding({ db: sql, viewer: tutor.viewer, provider, now })).toEqual({
      payoutsEnabled: false,
      activatedTransfers: 0,
    });
    await fake.controls.completeOnboarding(account!.account_ref);
    // Activated transfers become due at `now`: a month ahead here, so other files' transfer jobs leave this one alone.
    const later = new Date(now.getTime() + 30 * 24 * HOUR_MS);
    expect(await completePayeeOnboarding({ db: sql, viewer: tutor.viewer, provider, now: later })).toEqual({
      payoutsEnabled: true,
      activatedTransfers: 1,
    });
    const [after] = await sql<{ status: string }[]>`select status from public.payment_attempts where id = ${transferId}`;
    expect(after?.status).toBe("pending");
    expect((await caught(startPayeeOnboarding({ db: sql, viewer: tutor.viewer, provider, appUrl: APP_URL, now }))).code).toBe(
      "already_done",
    );

    await parkAttempt(sql, transferId, "succeeded");
    const paidOut = await readTutorEarnings({ db: sql, viewer: tutor.viewer, now });
    expect(paidOut.totals.paidOutCents).toBe(7_000);
    expect(paidOut.totals.releasedCents).toBe(0);
    // This tutor's account exists only in this file's fake: payouts off again, so no other file's job transfers to it.
    await sql`update public.payee_accounts set payouts_enabled = false, onboarded_at = null where tutor_id = ${tutor.id}`;
  });

  it("refuses non-tutors, and a return before onboarding started", async () => {
    const student = await createUser(sql, { role: "student" });
    expect((await caught(readTutorEarnings({ db: sql, viewer: student.viewer, now: new Date() }))).code).toBe("forbidden");
    expect((await caught(startPayeeOnboarding({ db: sql, viewer: student.viewer, provider, appUrl: APP_URL, now: new Date() }))).code).toBe(
      "forbidden",
    );
    const tutor = await createTutor(sql);
    expect((await caught(completePayeeOnboarding({ db: sql, viewer: tutor.viewer, provider, now: new Date() }))).code).toBe("not_found");
  });
});

describe("the manual provider's payouts CSV", () => {
  it("lists manual_due transfers for admins only", async () => {
    const tutor = await createTutor(sql, { fullName: '=HYPERLINK("http://x")' });
    const student = await createUser(sql, { role: "student" });
    const admin = await createUser(sql, { role: "admin" });
    const lesson = await createChargedLesson(sql, {
      tutor,
      student,
      startAt: new Date(Date.now() - 70 * HOUR_MS),
      payoutCents: 5_150,
      status: "succeeded",
    });
    const transferId = await releasePayout(sql, lesson.payoutId);
    await parkAttempt(sql, transferId, "manual_due");
    const csv = await listManualPayouts({ db: sql, viewer: admin.viewer });
    const line = csv.split("\r\n").find((row) => row.startsWith(transferId));
    expect(line).toContain(",TTD,51.50,");
    expect(line).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect((await caught(listManualPayouts({ db: sql, viewer: tutor.viewer }))).code).toBe("forbidden");
  });
});
