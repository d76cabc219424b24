import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ATTEMPT_LEASE_MS } from "@/lib/payments/attempt-rules";
import { claimDueAttempts } from "@/lib/payments/claim-due-attempts";
import { collectDuePayments } from "@/lib/payments/collect-due-charges";
import { decideFailedPayment } from "@/lib/payments/decide-failed-payment";
import { PaymentProviderError } from "@/lib/payments/providers/types";
import { processDueCharges } from "@/lib/sessions/process-due-charges";
import { testDb } from "../support/db";
import { cancelScheduledSessions, createSessionAt, createTutor, createUser, minutesFrom, type TTestUser } from "../support/factories";
import { CARD_DECLINED, CARD_NEEDS_AUTH, CARD_OK, type TPaymentsHarness } from "../support/payments-harness";
import { startPaymentsHarness } from "../support/start-payments-harness";

/**
 * Random histories over the collection job (a seeded generator, so a failure replays): lessons charged
 * with good, declined and authentication-requiring cards; refunds posted before and after collection;
 * crashed workers (called the provider, never wrote the outcome); 429s, 5xx and answers lost after the
 * provider acted; payers replacing cards; time passing. Checked after every step: refunds at the provider
 * never exceed what it collected, one PaymentIntent per key; at the end, with every attempt settled,
 * per session collected − refunded at the provider = the ledger's charge − refunds.
 */

let sql: Sql;
let payments: TPaymentsHarness;
let tutor: TTestUser;
let admin: TTestUser;
const HOUR_MS = 3_600_000;
const SEEDS = [11, 2026, 90210];

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type TLesson = { sessionId: string; payer: TTestUser; priceCents: number; refunded: number; refunds: number };

/** Test setup through the fake eats injected faults meant for the job: it simply tries again. */
async function saveCard(payer: TTestUser, card: string): Promise<void> {
  for (let tries = 0; ; tries++) {
    try {
      return await payments.saveTestCard(sql, payer, card);
    } catch (error) {
      if (!(error instanceof PaymentProviderError) || tries > 5) throw error;
    }
  }
}

let slot = 0;
async function chargedLesson(card: string, priceCents: number): Promise<TLesson> {
  const payer = await createUser(sql, { role: "student" });
  await saveCard(payer, card);
  const startAt = minutesFrom(new Date(), -180 - 90 * slot++);
  const { sessionId } = await createSessionAt(sql, { tutor, student: payer, startAt, priceCents });
  await processDueCharges({ db: sql, now: new Date() });
  return { sessionId, payer, priceCents, refunded: 0, refunds: 0 };
}

async function providerTotals(sessionId: string) {
  const intents = (await payments.paymentIntents()).filter((intent) => intent.sessionId === sessionId);
  const collectedIntents = intents.filter((intent) => intent.status === "succeeded");
  const refunds = (await payments.refunds()).filter((refund) => collectedIntents.some((intent) => intent.id === refund.paymentRef));
  return {
    intents: intents.length,
    collected: collectedIntents.reduce((sum, intent) => sum + intent.amountCents, 0),
    refunded: refunds.reduce((sum, refund) => sum + refund.amountCents, 0),
  };
}

async function distinctChargeKeysSent(sessionId: string): Promise<number> {
  // every key a charge attempt carried that reached the provider: the ledger key and each :retry:n below the current one
  const [row] = await sql<{ idempotency_key: string; ledger_key: string; attempt_count: number; status: string }[]>`
    select a.idempotency_key, l.idempotency_key as ledger_key, a.attempt_count, a.status
    from public.payment_attempts a join public.ledger_entries l on l.id = a.ledger_entry_id
    where a.session_id = ${sessionId} and a.kind = 'charge'`;
  if (!row) return 0;
  const match = /:retry:(\d+)$/.exec(row.idempotency_key);
  return match ? Number(match[1]) + 1 : 1;
}

beforeAll(async () => {
  sql = testDb(8);
  payments = await startPaymentsHarness({ rateLimitPerSecond: 400 });
  [tutor, admin] = await Promise.all([createTutor(sql), createUser(sql, { role: "admin" })]);
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

describe("collection over random histories", () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: refunds never exceed collections; once settled, provider = ledger for every session`, async () => {
      const random = prng(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
      const lessons: TLesson[] = [];
      let now = Date.now() + 1000;
      const collect = () => collectDuePayments({ db: sql, provider: payments.provider, now: new Date(now), timeBudgetMs: 15_000 });

      const postRefund = async (lesson: TLesson) => {
        const left = lesson.priceCents - lesson.refunded;
        if (left <= 0) return;
        const amount = random() < 0.3 ? left : 1 + Math.floor(random() * left);
        lesson.refunds += 1;
        lesson.refunded += amount;
        await sql`
          insert into public.ledger_entries (session_id, kind, party_id, amount_cents, currency, status, idempotency_key)
          values (${lesson.sessionId}, 'refund', ${lesson.payer.id}, ${amount}, 'TTD', 'posted', ${`session:${lesson.sessionId}:refund:${lesson.refunds}`})`;
        now = Math.max(now, Date.now() + 1000);
      };

      const checkStep = async () => {
        for (const lesson of lessons) {
          const totals = await providerTotals(lesson.sessionId);
          expect(totals.refunded).toBeLessThanOrEqual(totals.collected);
          expect(totals.intents).toBeLessThanOrEqual(await distinctChargeKeysSent(lesson.sessionId));
        }
      };

      for (let step = 0; step < 40; step++) {
        const action =
          lessons.length < 3 ? "lesson" : pick(["lesson", "collect", "collect", "refund", "refund", "crash", "fault", "fix_card", "time"]);
        if (action === "lesson") {
          lessons.push(
            await chargedLesson(pick([CARD_OK, CARD_OK, CARD_DECLINED, CARD_NEEDS_AUTH]), 2_000 + Math.floor(random() * 20_000)),
          );
          now = Math.max(now, Date.now() + 1000);
        } else if (action === "collect") {
          await collect();
        } else if (action === "refund") {
          await postRefund(pick(lessons));
        } else if (action === "crash") {
          // a worker claims a batch, calls the provider for one charge, and dies
          const { claimed } = await claimDueAttempts({ db: sql, now: new Date(now), kinds: ["charge"], limit: 3 });
          const victim = claimed[0];
          if (victim) {
            await payments.provider
              .chargeOffSession({
                customerRef: victim.sent_customer_ref ?? "",
                paymentMethodRef: victim.sent_payment_method_ref ?? "",
                amountCents: victim.amount_cents,
                currency: victim.currency,
                description: `Tutoring lesson (session ${victim.session_id})`,
                sessionId: victim.session_id,
                attemptId: victim.id,
                transferGroup: victim.session_id,
                idempotencyKey: victim.idempotency_key,
              })
              .catch(() => null);
          }
        } else if (action === "fault") {
          const fault = pick(["429", "500", "lost"] as const);
          if (fault === "429") payments.failNext(1 + Math.floor(random() * 3), 429);
          else payments.failNext(1, 500, { afterProcessing: fault === "lost" });
        } else if (action === "fix_card") {
          await saveCard(pick(lessons).payer, CARD_OK);
        } else {
          now += pick([60_000, ATTEMPT_LEASE_MS + 1000, 20 * 60_000, HOUR_MS + 1000, 7 * HOUR_MS, 25 * HOUR_MS]);
        }
        await checkStep();
      }

      // Settle everything: every payer's card works now, time passes, the admin retries what failed.
      for (const lesson of lessons) await saveCard(lesson.payer, CARD_OK);
      const retried = new Set<string>();
      for (let round = 0; round < 12; round++) {
        now += 25 * HOUR_MS;
        await collect();
        const failed = await sql<{ id: string }[]>`
          select id from public.payment_attempts
          where session_id = any(${lessons.map((lesson) => lesson.sessionId)}::uuid[]) and status = 'failed'`;
        for (const { id } of failed) {
          if (retried.has(id)) continue;
          retried.add(id);
          await decideFailedPayment({
            db: sql,
            viewer: admin.viewer,
            attemptId: id,
            outcome: "retry",
            reason: "model: retry",
            now: new Date(now),
          });
        }
        const [open] = await sql<{ open: number }[]>`
          select count(*)::int as open from public.payment_attempts
          where session_id = any(${lessons.map((lesson) => lesson.sessionId)}::uuid[])
            and status in ('pending', 'processing', 'action_required', 'failed')`;
        if (open?.open === 0) break;
      }
      const unsettled = await sql`
        select session_id, kind, status, last_error_code from public.payment_attempts
        where session_id = any(${lessons.map((lesson) => lesson.sessionId)}::uuid[]) and status not in ('succeeded', 'cancelled')`;
      expect(unsettled).toEqual([]);
      for (const lesson of lessons) {
        const totals = await providerTotals(lesson.sessionId);
        expect({ session: lesson.sessionId, net: totals.collected - totals.refunded }).toEqual({
          session: lesson.sessionId,
          net: lesson.priceCents - lesson.refunded,
        });
      }
    });
  }
});
