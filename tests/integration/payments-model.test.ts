import fc from "fast-check";
import type { Sql } from "postgres";
import { afterAll, beforeAll, expect, it } from "vitest";
import { decideEarlyEnd } from "@/lib/admin/decide-early-end";
import { AppError } from "@/lib/api/errors";
import { cancelSession } from "@/lib/bookings/cancel-session";
import { decideDispute } from "@/lib/disputes/decide-dispute";
import { openDispute } from "@/lib/disputes/open-dispute";
import { respondToDispute } from "@/lib/disputes/respond-to-dispute";
import { claimDueAttempts } from "@/lib/payments/claim-due-attempts";
import { collectDuePayments, offSessionChargeRequest } from "@/lib/payments/collect-due-charges";
import { completePaymentCheckout } from "@/lib/payments/complete-payment-checkout";
import { decideFailedPayment } from "@/lib/payments/decide-failed-payment";
import { handlePaymentEvent } from "@/lib/payments/handle-payment-event";
import { PaymentProviderError } from "@/lib/payments/providers/types";
import { releaseDuePayouts } from "@/lib/payments/release-due-payouts";
import { startPaymentCheckout } from "@/lib/payments/start-payment-checkout";
import { transferReleasedPayouts } from "@/lib/payments/transfer-released-payouts";
import { chargeDueSessions } from "@/lib/sessions/charge-due-sessions";
import { markNoShow } from "@/lib/sessions/mark-no-show";
import { payoutReleaseAt, readPlatformSettings } from "@/lib/settings/platform-settings";
import { startStripeFake, type TStripeFake } from "../fakes/stripe-fake";
import { testDb } from "../support/db";
import { createSessionAt, createTutor, createUser, type TTestUser } from "../support/factories";
import { CARD_DECLINED, CARD_NEEDS_AUTH, CARD_OK, saveCardThroughCheckout, savePayee } from "../support/payments-harness";

/**
 * The payments model test (README "Payments"): random histories of everything that moves money —
 * book (a confirmed lesson), cancel, join, no-show, charge, collect, a declined or
 * authentication-required card and its on-session payment, retries, a crashed worker, disputes
 * (auto-accepted or answered and decided), early-end decisions, release, onboarding, transfers,
 * webhook deliveries out of order and replays — on real Postgres through the Stripe fake, checking
 * after EVERY step, per lesson:
 *   - at the provider, collected − refunded = what our attempts say was collected − refunded;
 *     once nothing is in flight, = ledger charge − ledger refunds;
 *   - in the ledger, payout + fee − reversals = charge − refunds, and refunds ≤ charge;
 *   - nothing is released while a dispute is open; no transfer before release, at most one, of the net payout;
 *   - every provider object is created once (one collecting PaymentIntent, one Refund per refund attempt);
 *   - replaying every webhook leaves the ledger and the attempts unchanged.
 */

const RUNS = 24;
const STEPS = 16;
/** Lessons are this far apart (minutes), back to back with a gap. */
const LESSON_GAP_MINUTES = 120;
const LESSONS = 3;
const HOUR = 3_600_000;
/** Stripe's (and the fake's) Checkout lifetime. */
const CHECKOUT_LIFETIME_MS = 24 * HOUR;

let sql: Sql;
let fake: TStripeFake;
let admin: TTestUser;
let delivered = 0;
const allSessionIds: string[] = [];

type TWorld = {
  base: Date;
  now: Date;
  tutors: [TTestUser, TTestUser];
  student: TTestUser;
  lessons: { sessionId: string; tutor: TTestUser; startAt: Date }[];
  /** Complete payment pages the payer opened and has not paid yet, by session. */
  checkouts: Map<string, { attemptId: string; checkoutRef: string; openedAt: Date }>;
};

/** Clock moves, each to a moment of one lesson that matters (the clock only ever moves forward). */
type TClockOp =
  "to_free_cancel" | "to_late_cancel" | "to_start" | "to_no_show_wait" | "to_end" | "to_hold" | "to_after_hold" | "to_after_response";
type TActionOp =
  | "join_student"
  | "join_tutor"
  | "cancel"
  | "no_show"
  | "charge"
  | "collect"
  | "crash_collect"
  | "card_ok"
  | "card_declined"
  | "card_auth"
  | "open_checkout"
  | "pay_checkout"
  | "dispute_no_show"
  | "dispute_problem"
  | "respond"
  | "decide"
  | "early_end"
  | "release"
  | "transfer"
  | "onboard"
  | "webhooks"
  | "replay_webhooks"
  | "fault"
  | "return_refund"
  | "admin_retry";
type TOp = TClockOp | TActionOp;
type TStep = { op: TOp; lesson: number; choice: number };

/**
 * A history: each lesson follows a scenario (its steps in their order, clock moves included), the three
 * lessons' steps interleaved in time order, with noise — collections, crashed workers, card changes,
 * faults, webhook deliveries out of order and replays, releases, transfers, onboarding — anywhere.
 */
const SCENARIOS = {
  completed: ["to_end", "charge", "collect", "to_after_hold", "release", "transfer"],
  student_no_show: ["to_start", "join_tutor", "to_no_show_wait", "no_show", "collect", "to_after_hold", "release", "transfer"],
  tutor_no_show: [
    "to_start",
    "join_student",
    "to_end",
    "charge",
    "collect",
    "to_hold",
    "dispute_no_show",
    "collect",
    "to_after_hold",
    "release",
  ],
  problem: [
    "to_end",
    "charge",
    "collect",
    "to_hold",
    "dispute_problem",
    "respond",
    "decide",
    "collect",
    "to_after_hold",
    "release",
    "transfer",
  ],
  problem_unanswered: ["to_end", "charge", "to_hold", "dispute_problem", "to_after_response", "decide", "collect", "release", "transfer"],
  late_cancel: ["to_late_cancel", "cancel", "collect", "to_after_hold", "release", "transfer"],
  free_cancel: ["to_free_cancel", "cancel", "collect"],
  early_end: ["to_end", "charge", "early_end", "collect", "to_after_hold", "release", "transfer"],
  declined_then_paid: [
    "card_declined",
    "to_end",
    "charge",
    "collect",
    "open_checkout",
    "card_ok",
    "to_hold",
    "collect",
    "pay_checkout",
    "to_after_hold",
    "release",
  ],
} as const satisfies Record<string, readonly TOp[]>;
type TScenario = keyof typeof SCENARIOS;
const NOISE_OPS = [
  "collect",
  "crash_collect",
  "webhooks",
  "replay_webhooks",
  "fault",
  "card_ok",
  "card_declined",
  "card_auth",
  "open_checkout",
  "pay_checkout",
  "release",
  "transfer",
  "onboard",
  "charge",
  "join_student",
  "join_tutor",
  "return_refund",
  "return_refund",
  "admin_retry",
] as const satisfies readonly TOp[];

const historyArb = fc.record({
  scenarios: fc.tuple(...Array.from({ length: LESSONS }, () => fc.constantFrom(...(Object.keys(SCENARIOS) as TScenario[])))),
  choices: fc.tuple(...Array.from({ length: LESSONS }, () => fc.nat(99))),
  noise: fc.array(fc.record({ at: fc.nat(999), op: fc.constantFrom(...NOISE_OPS), lesson: fc.nat(LESSONS - 1), choice: fc.nat(99) }), {
    maxLength: STEPS,
  }),
});
type THistory = { scenarios: TScenario[]; choices: number[]; noise: { at: number; op: TOp; lesson: number; choice: number }[] };

function stepsOf(history: THistory): TStep[] {
  const keyed: { key: number; lesson: number; index: number; step: TStep }[] = [];
  history.scenarios.forEach((scenario, lesson) => {
    let minutes = -48 * 60;
    SCENARIOS[scenario].forEach((op, index) => {
      if (op in CLOCK_TARGET_MINUTES) minutes = CLOCK_TARGET_MINUTES[op as keyof typeof CLOCK_TARGET_MINUTES];
      keyed.push({ key: lesson * LESSON_GAP_MINUTES + minutes, lesson, index, step: { op, lesson, choice: history.choices[lesson] ?? 0 } });
    });
  });
  keyed.sort((x, y) => x.key - y.key || x.lesson - y.lesson || x.index - y.index);
  const steps = keyed.map((entry) => entry.step);
  for (const noise of history.noise) {
    steps.splice(Math.floor((noise.at / 1000) * (steps.length + 1)), 0, { op: noise.op, lesson: noise.lesson, choice: noise.choice });
  }
  return steps;
}

/** Where each clock op puts the clock, relative to the lesson's start (minutes). */
const CLOCK_TARGET_MINUTES: Record<TClockOp, number> = {
  to_free_cancel: -30 * 60,
  to_late_cancel: -2 * 60,
  to_start: 1,
  to_no_show_wait: 21, // a 60-minute lesson's wait is 19 minutes
  to_end: 61,
  to_hold: 60 + 3 * 60,
  to_after_hold: 60 + 26 * 60,
  to_after_response: 60 + 3 * 60 + 49 * 60,
};

beforeAll(async () => {
  sql = testDb(6);
  fake = await startStripeFake({ rateLimitPerSecond: null, refundFailureDelayMs: null });
  admin = await createUser(sql, { role: "admin" });
  // What earlier files left in the outbox is not part of this model (files run one at a time).
  await sql`update public.payment_attempts set status = 'cancelled', lease_until = null
            where status in ('pending', 'processing', 'action_required', 'awaiting_payee')`;
});

afterAll(async () => {
  await fake?.stop();
  await sql?.end();
});

it(`random payment histories keep the ledger, the outbox and the provider in agreement (${RUNS} runs of three lessons each, up to ${STEPS} noise steps)`, async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(historyArb, async (history) => {
      const steps = stepsOf(history);
      const world = await createWorld(run++, history.scenarios);
      for (const step of steps) {
        await perform(world, step);
        await checkInvariants(world, step);
      }
      // Settle everything that can settle, then check the strongest form once more.
      world.now = new Date(world.now.getTime() + 80 * HOUR);
      await deliverWebhooks(0);
      for (const { sessionId } of world.lessons) await retryFailedAttempts(sessionId, world.now);
      for (const op of ["charge", "collect", "webhooks", "release", "transfer", "collect", "webhooks"] as const) {
        await perform(world, { op, lesson: 0, choice: 0 });
      }
      await checkInvariants(world, { op: "webhooks", lesson: 0, choice: 0 });
    }),
    { numRuns: RUNS, seed: 20261201, endOnFailure: true },
  );
  // The histories must have reached the interesting states, or the invariants above proved little.
  const [reached] = await sql<Record<string, number>[]>`
    select
      (select count(*) from public.payment_attempts where session_id = any(${allSessionIds}::uuid[]) and kind = 'charge' and status = 'succeeded')::int as collected,
      (select count(*) from public.payment_attempts where session_id = any(${allSessionIds}::uuid[]) and kind = 'charge' and attempt_count > 1)::int as retried,
      (select count(*) from public.payment_attempts where session_id = any(${allSessionIds}::uuid[]) and kind = 'refund' and status = 'succeeded')::int as refunded,
      (select count(*) from public.payment_attempts where session_id = any(${allSessionIds}::uuid[]) and kind = 'transfer' and status = 'succeeded')::int as transferred,
      (select count(*) from public.sessions where id = any(${allSessionIds}::uuid[]) and status = 'NO_SHOW_TUTOR')::int as tutor_no_shows,
      (select count(*) from public.sessions where id = any(${allSessionIds}::uuid[]) and status = 'NO_SHOW_STUDENT')::int as student_no_shows,
      (select count(*) from public.sessions where id = any(${allSessionIds}::uuid[]) and status = 'CANCELLED_LATE')::int as late_cancellations,
      (select count(*) from public.sessions where id = any(${allSessionIds}::uuid[]) and early_end_resolution is not null)::int as early_ends_resolved,
      (select count(*) from public.disputes where session_id = any(${allSessionIds}::uuid[]) and status = 'resolved')::int as disputes_decided,
      (select count(*) from public.payment_attempts where session_id = any(${allSessionIds}::uuid[]) and kind = 'charge' and status = 'succeeded'
         and idempotency_key like '%:retry:%')::int as paid_after_decline,
      (select count(*) from public.session_events where session_id = any(${allSessionIds}::uuid[]) and type = 'payment.refund_failed')::int as refunds_returned,
      (select count(*) from public.payment_attempts where session_id = any(${allSessionIds}::uuid[]) and kind = 'refund' and status = 'succeeded'
         and idempotency_key like '%:retry:%')::int as refunded_after_return
  `;
  console.log("payments model: states reached", reached);
  for (const [state, count] of Object.entries(reached ?? {})) expect(count, `no history reached ${state}`).toBeGreaterThan(0);
}, 600_000);

async function createWorld(run: number, scenarios: readonly TScenario[]): Promise<TWorld> {
  // Each run lives in its own far-future month, so lessons of different runs never overlap.
  const base = new Date(Date.UTC(2091, 0, 1) + run * 40 * 24 * HOUR);
  const tutors: [TTestUser, TTestUser] = [await createTutor(sql), await createTutor(sql)];
  const student = await createUser(sql, { role: "student" });
  // A fault the previous history injected last may still be armed: the world's own setup retries past it.
  await retryingFaults(() => saveCardThroughCheckout(sql, fake.provider, complete, student, CARD_OK));
  const onboarded = await retryingFaults(() =>
    fake.provider.createPayee({ tutorId: tutors[0].id, email: tutors[0].email, idempotencyKey: `payee:${tutors[0].id}` }),
  );
  fake.controls.completeOnboarding(onboarded.accountRef);
  await savePayee(sql, tutors[0].id, onboarded.accountRef, true);
  const lessons = [];
  for (let index = 0; index < LESSONS; index += 1) {
    const tutor = tutors[index % 2]!;
    const startAt = new Date(base.getTime() + 48 * HOUR + index * LESSON_GAP_MINUTES * 60_000);
    const { sessionId } = await createSessionAt(sql, { tutor, student, startAt, priceCents: 10_000 + index * 1_001 });
    lessons.push({ sessionId, tutor, startAt });
    allSessionIds.push(sessionId);
  }
  // An early-end lesson's meeting ran 10 minutes at the provider (the charge job then makes it EARLY_END_SHORT).
  for (const [index, scenario] of scenarios.entries()) {
    if (scenario !== "early_end") continue;
    const short = lessons[index]!;
    await sql`insert into public.session_meeting_instances (session_id, provider, instance_external_id, started_at, ended_at)
              values (${short.sessionId}, 'jitsi', ${`model-${short.sessionId}`}, ${short.startAt}, ${new Date(short.startAt.getTime() + 10 * 60_000)})`;
  }
  return { base, now: base, tutors, student, lessons, checkouts: new Map() };
}

async function retryingFaults<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof PaymentProviderError) || attempt === 3) throw error;
    }
  }
}

function complete(checkoutRef: string, cardNumber: string): Promise<void> {
  const outcome = fake.controls.completeCheckout(checkoutRef, cardNumber);
  if (outcome.status !== "complete") throw new Error(`checkout ${checkoutRef}: ${JSON.stringify(outcome)}`);
  return Promise.resolve();
}

/** Runs one step; a refusal a real user could get (an AppError) is part of the history, anything else fails the test. */
async function perform(world: TWorld, step: TStep): Promise<void> {
  const lesson = world.lessons[step.lesson]!;
  const { now } = world;
  try {
    switch (step.op) {
      case "to_free_cancel":
      case "to_late_cancel":
      case "to_start":
      case "to_no_show_wait":
      case "to_end":
      case "to_hold":
      case "to_after_hold":
      case "to_after_response": {
        const target = lesson.startAt.getTime() + CLOCK_TARGET_MINUTES[step.op] * 60_000;
        world.now = new Date(Math.max(now.getTime(), target));
        return;
      }
      case "join_student":
      case "join_tutor": {
        const column = step.op === "join_student" ? sql`student_joined_at` : sql`tutor_joined_at`;
        // Only inside the lesson's window (as the join route and the provider's participant events allow).
        await sql`update public.sessions set ${column} = coalesce(${column}, ${now})
                  where id = ${lesson.sessionId} and status = 'SCHEDULED'
                    and ${now} between scheduled_start_at - interval '5 minutes' and scheduled_end_at`;
        return;
      }
      case "cancel":
        await cancelSession({ db: sql, viewer: world.student.viewer, sessionId: lesson.sessionId, now });
        return;
      case "no_show":
        await markNoShow({ db: sql, viewer: lesson.tutor.viewer, sessionId: lesson.sessionId, now });
        return;
      case "charge": {
        const settings = await readPlatformSettings(sql);
        for (const { sessionId } of world.lessons) {
          await chargeDueSessions({
            db: sql,
            now,
            limit: 1,
            sessionId,
            payoutReleaseAt: payoutReleaseAt(settings, now),
            attendanceGraceMinutes: settings.attendanceGraceMinutes,
          });
        }
        return;
      }
      case "collect":
        await collectDuePayments({ db: sql, provider: fake.provider, now });
        return;
      case "crash_collect":
        await crashWhileCollecting(world);
        return;
      case "card_ok":
      case "card_declined":
      case "card_auth": {
        const card = step.op === "card_ok" ? CARD_OK : step.op === "card_declined" ? CARD_DECLINED : CARD_NEEDS_AUTH;
        await saveCardThroughCheckout(sql, fake.provider, complete, world.student, card);
        return;
      }
      case "open_checkout": {
        const [attempt] = await sql<{ id: string }[]>`
          select id from public.payment_attempts
          where session_id = ${lesson.sessionId} and kind = 'charge' and status in ('action_required', 'failed')`;
        if (!attempt) return;
        const checkout = await startPaymentCheckout({
          db: sql,
          viewer: world.student.viewer,
          provider: fake.provider,
          attemptId: attempt.id,
          appUrl: "http://localhost:3000",
          now,
        });
        world.checkouts.set(lesson.sessionId, { attemptId: attempt.id, checkoutRef: checkout.checkoutRef, openedAt: now });
        return;
      }
      case "pay_checkout": {
        // The payer pays in the Checkout opened earlier (maybe while the job retried off-session meanwhile), then
        // either comes back to the return page or only the webhook tells us.
        const open = world.checkouts.get(lesson.sessionId);
        if (!open) return;
        world.checkouts.delete(lesson.sessionId);
        if (now.getTime() - open.openedAt.getTime() >= CHECKOUT_LIFETIME_MS) {
          fake.controls.expireCheckout(open.checkoutRef);
          return;
        }
        const outcome = fake.controls.completeCheckout(open.checkoutRef, CARD_OK);
        if (outcome.status !== "complete") return;
        if (step.choice % 2 === 0) {
          await completePaymentCheckout({
            db: sql,
            viewer: world.student.viewer,
            provider: fake.provider,
            attemptId: open.attemptId,
            checkoutRef: open.checkoutRef,
            now,
          });
        } else {
          await deliverWebhooks(step.choice);
        }
        return;
      }
      case "dispute_no_show":
      case "dispute_problem":
        await openDispute({
          db: sql,
          viewer: world.student.viewer,
          sessionId: lesson.sessionId,
          input: {
            kind: step.op === "dispute_no_show" ? "tutor_no_show" : "lesson_problem",
            description: "Model test: something went wrong with this lesson.",
          },
          now,
        });
        return;
      case "respond": {
        const dispute = await disputeOf(lesson.sessionId);
        if (!dispute) return;
        await respondToDispute({ db: sql, viewer: lesson.tutor.viewer, disputeId: dispute.id, input: { response: "I was there." }, now });
        return;
      }
      case "decide": {
        const dispute = await disputeOf(lesson.sessionId);
        if (!dispute) return;
        const outcome = (["refund_full", "refund_partial", "release"] as const)[step.choice % 3]!;
        const [session] = await sql<
          { charge_cents: number | null }[]
        >`select charge_cents::int from public.sessions where id = ${lesson.sessionId}`;
        const amount = Math.max(1, Math.floor(((session?.charge_cents ?? 2) * (1 + (step.choice % 90))) / 100));
        await decideDispute({
          db: sql,
          viewer: admin.viewer,
          disputeId: dispute.id,
          input:
            outcome === "refund_partial"
              ? { outcome, amount_cents: amount, reason: "Model decision" }
              : { outcome, reason: "Model decision" },
          now,
        });
        return;
      }
      case "early_end": {
        const outcome = (["charge_full", "charge_pro_rata", "no_charge"] as const)[step.choice % 3]!;
        await decideEarlyEnd({
          db: sql,
          viewer: admin.viewer,
          sessionId: lesson.sessionId,
          input: { outcome, reason: "Model decision" },
          now,
        });
        return;
      }
      case "release":
        await releaseDuePayouts({ db: sql, now });
        return;
      case "transfer":
        await transferReleasedPayouts({ db: sql, provider: fake.provider, now });
        return;
      case "onboard": {
        const tutor = world.tutors[1];
        const payee = await fake.provider.createPayee({ tutorId: tutor.id, email: tutor.email, idempotencyKey: `payee:${tutor.id}` });
        fake.controls.completeOnboarding(payee.accountRef);
        await savePayee(sql, tutor.id, payee.accountRef, true);
        return;
      }
      case "webhooks":
        await deliverWebhooks(step.choice);
        return;
      case "replay_webhooks": {
        await deliverWebhooks(step.choice);
        const before = await moneySnapshot(world);
        for (const delivery of fake.controls.deliveries()) await handle(delivery.rawBody, delivery.signature);
        expect(await moneySnapshot(world), "replaying every webhook changed the ledger or the outbox").toEqual(before);
        return;
      }
      case "fault":
        fake.controls.failNext(1, step.choice % 2 === 0 ? 500 : 429);
        return;
      case "return_refund": {
        // The card issuer sends back a refund that had succeeded; its webhooks wait for the next delivery.
        const [refund] = await sql<{ provider_ref: string }[]>`
          select provider_ref from public.payment_attempts
          where session_id = ${lesson.sessionId} and kind = 'refund' and status = 'succeeded' and provider_ref like 're_%'
          order by created_at limit 1`;
        if (!refund) return;
        fake.controls.settleRefund(refund.provider_ref, "failed");
        returnedRefunds.add(refund.provider_ref);
        return;
      }
      case "admin_retry":
        await retryFailedAttempts(lesson.sessionId, now);
        return;
    }
  } catch (error) {
    if (error instanceof AppError) return;
    // The test's own provider calls (a payer's card setup, onboarding, the crashed worker's call) may meet an injected fault.
    if (error instanceof PaymentProviderError && TEST_DRIVEN_PROVIDER_OPS.has(step.op)) return;
    throw error;
  }
}

/** Refunds the issuer sent back whose webhooks the app has not had yet: the provider is ahead of our attempts. */
const returnedRefunds = new Set<string>();

/** The admin retries every failed payment of the lesson (a returned refund, a charge failed by its last decline). */
async function retryFailedAttempts(sessionId: string, now: Date): Promise<void> {
  const failed = await sql<{ id: string }[]>`
    select id from public.payment_attempts where session_id = ${sessionId} and status = 'failed' order by created_at`;
  for (const attempt of failed) {
    try {
      await decideFailedPayment({ db: sql, viewer: admin.viewer, attemptId: attempt.id, outcome: "retry", reason: "Model retry", now });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  }
}

const TEST_DRIVEN_PROVIDER_OPS = new Set<TOp>(["card_ok", "card_declined", "card_auth", "onboard", "crash_collect", "pay_checkout"]);

/**
 * A worker claims a charge (the real claim: lease, card frozen for the key, netting), calls the provider, and
 * dies before writing the outcome; its lease runs out and the next collection retries with the same key.
 */
async function crashWhileCollecting(world: TWorld): Promise<void> {
  const { claimed } = await claimDueAttempts({ db: sql, now: world.now, kinds: ["charge"], limit: 1 });
  const attempt = claimed[0];
  if (!attempt?.sent_payment_method_ref || !attempt.sent_customer_ref) return;
  await fake.provider.chargeOffSession(
    offSessionChargeRequest(attempt, { customerRef: attempt.sent_customer_ref, paymentMethodRef: attempt.sent_payment_method_ref }),
  );
  // (the worker dies here)
}

async function deliverWebhooks(choice: number): Promise<void> {
  const all = fake.controls.deliveries();
  const fresh = all.slice(delivered);
  delivered = all.length;
  // Out of order: reversed on odd choices.
  const ordered = choice % 2 === 1 ? [...fresh].reverse() : fresh;
  for (const delivery of ordered) await handle(delivery.rawBody, delivery.signature);
  returnedRefunds.clear();
}

async function handle(rawBody: string, signature: string): Promise<void> {
  const now = new Date();
  const event = fake.provider.verifyWebhook({ rawBody, signature, now });
  await handlePaymentEvent({ db: sql, event, now, provider: fake.provider });
}

async function disputeOf(sessionId: string): Promise<{ id: string } | undefined> {
  const [row] = await sql<{ id: string }[]>`select id from public.disputes where session_id = ${sessionId}`;
  return row;
}

async function moneySnapshot(world: TWorld): Promise<unknown> {
  const ids = world.lessons.map((lesson) => lesson.sessionId);
  const ledger = await sql`select id, kind, amount_cents::int, status, provider_ref from public.ledger_entries
                           where session_id = any(${ids}::uuid[]) order by id`;
  const attempts = await sql`select id, kind, status, amount_cents::int, provider_ref, attempt_count from public.payment_attempts
                             where session_id = any(${ids}::uuid[]) order by id`;
  return { ledger: [...ledger], attempts: [...attempts] };
}

type TLedgerSums = {
  charge: number;
  refund: number;
  payout: number;
  payoutReversal: number;
  fee: number;
  feeReversal: number;
  payoutStatus: string | null;
};

async function checkInvariants(world: TWorld, step: TStep): Promise<void> {
  const context = (sessionId: string) => `after ${step.op} (lesson ${step.lesson}), session ${sessionId}`;
  const intents = fake.controls.objects("payment_intents");
  const refunds = fake.controls.objects("refunds").filter((refund) => refund.status !== "failed" && refund.status !== "canceled");
  const transfers = fake.controls.objects("transfers");
  for (const { sessionId } of world.lessons) {
    const where = context(sessionId);
    const [sums] = await sql<TLedgerSums[]>`
      select coalesce(sum(amount_cents) filter (where kind = 'charge'), 0)::int as charge,
             coalesce(sum(amount_cents) filter (where kind = 'refund'), 0)::int as refund,
             coalesce(sum(amount_cents) filter (where kind = 'payout' and status <> 'void'), 0)::int as payout,
             coalesce(sum(amount_cents) filter (where kind = 'payout_reversal'), 0)::int as "payoutReversal",
             coalesce(sum(amount_cents) filter (where kind = 'platform_fee'), 0)::int as fee,
             coalesce(sum(amount_cents) filter (where kind = 'fee_reversal'), 0)::int as "feeReversal",
             max(status) filter (where kind = 'payout') as "payoutStatus"
      from public.ledger_entries where session_id = ${sessionId}`;
    if (!sums) throw new Error("no sums");
    // The ledger balances: what the tutor and the platform keep is what the payer was charged less refunds.
    expect(sums.payout - sums.payoutReversal + sums.fee - sums.feeReversal, `${where}: payout + fee − reversals`).toBe(
      sums.charge - sums.refund,
    );
    expect(sums.refund, `${where}: refunds ≤ charge`).toBeLessThanOrEqual(sums.charge);

    const [flags] = await sql<{ is_disputed: boolean }[]>`select public.is_session_disputed(${sessionId}) as is_disputed`;
    if (flags?.is_disputed) expect(sums.payoutStatus, `${where}: nothing released while disputed`).not.toBe("released");

    // Transfers: only after release, at most one, of the net payout.
    const sessionTransfers = transfers.filter((transfer) => transfer.transfer_group === sessionId);
    expect(sessionTransfers.length, `${where}: one transfer at most`).toBeLessThanOrEqual(1);
    if (sessionTransfers.length === 1) {
      expect(sums.payoutStatus, `${where}: no transfer before release`).toBe("released");
      expect(Number(sessionTransfers[0]!.amount), `${where}: the transfer is the net payout`).toBe(sums.payout - sums.payoutReversal);
    }

    // The provider agrees with our attempts, always; and with the ledger once nothing is in flight.
    const attempts = await sql<{ kind: string; status: string; amount_cents: number; provider_ref: string | null }[]>`
      select kind, status, amount_cents::int, provider_ref from public.payment_attempts where session_id = ${sessionId}`;
    // The tutor is never paid before the payer has paid (an admin may write a charge off and still pay the tutor).
    if (sessionTransfers.length === 1) {
      const chargeStatus = attempts.find((attempt) => attempt.kind === "charge")?.status;
      expect(chargeStatus, `${where}: no transfer before the charge is collected`).toMatch(/^(succeeded|cancelled)$/);
    }
    const collectingIntents = intents.filter(
      (intent) => intent.status === "succeeded" && (intent.metadata as Record<string, string> | undefined)?.session_id === sessionId,
    );
    const refundedOf = (intentId: string) =>
      refunds.filter((refund) => refund.payment_intent === intentId).reduce((total, refund) => total + Number(refund.amount), 0);
    const keptIntents = collectingIntents.filter((intent) => refundedOf(intent.id) < Number(intent.amount_received ?? intent.amount));
    // A second payment (the payer paid on-session while an off-session retry went through) is refunded in full.
    expect(keptIntents.length, `${where}: one PaymentIntent keeps the lesson's money`).toBeLessThanOrEqual(1);
    const collected = collectingIntents.reduce((total, intent) => total + Number(intent.amount_received ?? intent.amount), 0);
    const refunded = collectingIntents.reduce((total, intent) => total + refundedOf(intent.id), 0);
    const succeeded = (kind: string) =>
      attempts.filter((attempt) => attempt.kind === kind && attempt.status === "succeeded").reduce((total, a) => total + a.amount_cents, 0);
    const isInFlight = attempts.some(
      (attempt) =>
        (attempt.kind !== "transfer" && ["pending", "processing", "action_required"].includes(attempt.status)) ||
        // the issuer returned it; its webhook is on the way
        (attempt.kind === "refund" && attempt.status === "succeeded" && returnedRefunds.has(attempt.provider_ref ?? "")),
    );
    // A returned refund waits for the admin: the payer is owed it, so the provider is behind the ledger until it is retried.
    const isRefundOwed = attempts.some((attempt) => attempt.kind === "refund" && attempt.status === "failed");
    if (!isInFlight) {
      expect(collected - refunded, `${where}: at the provider, collected − refunded = what our attempts settled`).toBe(
        succeeded("charge") - succeeded("refund"),
      );
      const chargeAttempt = attempts.find((attempt) => attempt.kind === "charge");
      if (chargeAttempt?.status === "succeeded" && !isRefundOwed) {
        expect(collected - refunded, `${where}: at the provider, collected − refunded = ledger charge − refunds`).toBe(
          sums.charge - sums.refund,
        );
      }
    }
    // Every refund attempt made one Refund at most.
    const refundRefs = attempts.filter((attempt) => attempt.kind === "refund" && attempt.provider_ref).map((a) => a.provider_ref);
    expect(new Set(refundRefs).size, `${where}: one Refund per refund attempt`).toBe(refundRefs.length);
  }
}
