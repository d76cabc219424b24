import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as settlementRoute } from "@/app/api/admin/payments/[id]/settlement/route";
import { listDueByHand } from "@/lib/admin/list-due-by-hand";
import { listFailedPayments } from "@/lib/admin/list-failed-payments";
import { collectDuePayments } from "@/lib/payments/collect-due-charges";
import { decideFailedPayment } from "@/lib/payments/decide-failed-payment";
import { listManualPayouts } from "@/lib/payments/list-manual-payouts";
import { listPayerPayments } from "@/lib/payments/list-payer-payments";
import type { PaymentProvider } from "@/lib/payments/providers/types";
import { readPaymentReceipt } from "@/lib/payments/read-payment-receipt";
import { readTutorEarnings } from "@/lib/payments/read-tutor-earnings";
import { settleOutsideProvider } from "@/lib/payments/settle-outside-provider";
import { startStripeFake } from "../fakes/stripe-fake";
import { testDb } from "../support/db";
import {
  apiRequest,
  cancelScheduledSessions,
  createParentOf,
  createTutor,
  createUser,
  idParams,
  readResponse,
  signIn,
  type TTestUser,
} from "../support/factories";
import { createChargedLesson, parkAttempt, refundPart, releasePayout } from "../support/payment-fixtures";
import { caught } from "../support/caught";

const HOUR_MS = 3_600_000;
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

let sql: Sql;
let fake: Awaited<ReturnType<typeof startStripeFake>>;
let admin: TTestUser;
const tutors: string[] = [];
// Each lesson its own past hour (one tutor, one student per test never overlap).
let slot = 0;
const pastStart = () => new Date(Date.now() - 200 * HOUR_MS - 2 * HOUR_MS * slot++);

beforeAll(async () => {
  sql = testDb(8);
  fake = await startStripeFake({});
  fake.controls.setRateLimit(null);
  admin = await createUser(sql, { role: "admin" });
});

afterAll(async () => {
  await cancelScheduledSessions(sql, tutors);
  await fake?.stop();
  await sql.end();
});

async function people() {
  const tutor = await createTutor(sql);
  tutors.push(tutor.id);
  const student = await createUser(sql, { role: "student" });
  return { tutor, student };
}

type TAttempt = { status: string; provider_ref: string | null; settled_outside_by: string | null; amount_cents: number };
async function attempt(id: string): Promise<TAttempt> {
  const [row] = await sql<TAttempt[]>`
    select status, provider_ref, settled_outside_by, amount_cents::int from public.payment_attempts where id = ${id}`;
  if (!row) throw new Error(`no attempt ${id}`);
  return row;
}

/** Everything a settlement could write about an attempt and its lesson. */
async function footprint(attemptId: string) {
  const [row] = await sql`
    select a.status, a.provider_ref, a.settled_outside_by, a.updated_at, l.provider_ref as ledger_ref,
      (select count(*)::int from public.admin_decisions d where d.subject_id = a.id) as decisions,
      (select count(*)::int from public.session_events e where e.session_id = a.session_id) as events,
      (select count(*)::int from public.notifications n where n.subject_id = a.session_id) as notifications
    from public.payment_attempts a join public.ledger_entries l on l.id = a.ledger_entry_id where a.id = ${attemptId}`;
  return row;
}

const settle = (attemptId: string, options: { viewer?: TTestUser["viewer"]; reference?: string; reason?: string } = {}) =>
  settleOutsideProvider({
    db: sql,
    viewer: options.viewer ?? admin.viewer,
    attemptId,
    reference: options.reference ?? "FT-2026-12-01-0042",
    reason: options.reason ?? "Paid by bank transfer",
    now: new Date(),
  });

describe("settleOutsideProvider: payments due by hand (the manual provider)", () => {
  it("a charge a parent owes: received → paid on their payments page, a receipt to the parent, the reference on the ledger row", async () => {
    const { tutor, student } = await people();
    const parent = await createParentOf(sql, student);
    const lesson = await createChargedLesson(sql, { tutor, student, payer: parent, startAt: pastStart(), status: "manual_due" });
    expect((await listDueByHand({ db: sql, viewer: admin.viewer })).items).toContainEqual(
      expect.objectContaining({ attemptId: lesson.chargeAttemptId, kind: "charge", amountCents: 10_000, partyRole: "parent" }),
    );
    expect((await listPayerPayments({ db: sql, viewer: parent.viewer })).map((item) => item.status)).toEqual(["due"]);

    const settled = await settle(lesson.chargeAttemptId, { reference: "  Receipt 0042  ", reason: "Cash at the front desk" });
    expect(settled).toMatchObject({ attemptId: lesson.chargeAttemptId, kind: "charge", amountCents: 10_000, status: "succeeded" });
    expect(await attempt(lesson.chargeAttemptId)).toMatchObject({
      status: "succeeded",
      provider_ref: "Receipt 0042",
      settled_outside_by: admin.id,
    });
    const [ledger] = await sql`select provider_ref from public.ledger_entries where id = ${lesson.chargeId}`;
    expect(ledger?.provider_ref).toBe("Receipt 0042");
    const receipts = await sql`
      select recipient_id from public.notifications where kind = 'charge_receipt' and subject_id = ${lesson.sessionId}`;
    expect(receipts.map((row) => row.recipient_id)).toEqual([parent.id]);
    expect(await listPayerPayments({ db: sql, viewer: parent.viewer })).toEqual([
      expect.objectContaining({ ledgerEntryId: lesson.chargeId, status: "paid", providerRef: "Receipt 0042" }),
    ]);
    expect((await listDueByHand({ db: sql, viewer: admin.viewer })).items.map((item) => item.attemptId)).not.toContain(
      lesson.chargeAttemptId,
    );

    // The receipt: paid outside the card processor, with the reference; the provider is never asked about it.
    let cardReads = 0;
    const counting: PaymentProvider = {
      ...fake.provider,
      readPaymentCard: async (ref) => {
        cardReads += 1;
        return fake.provider.readPaymentCard(ref);
      },
    };
    const receipt = await readPaymentReceipt({ db: sql, viewer: parent.viewer, provider: counting, ledgerEntryId: lesson.chargeId });
    expect(receipt.card).toEqual({ status: "outside", reference: "Receipt 0042" });
    expect(cardReads).toBe(0);

    const decisions = await sql`
      select outcome, reason, admin_id, round from public.admin_decisions where subject_id = ${lesson.chargeAttemptId}`;
    expect(decisions).toEqual([{ outcome: "settled_outside", reason: "Cash at the front desk", admin_id: admin.id, round: 1 }]);
    const events = await sql`
      select type, actor_id, actor_role, payload from public.session_events
      where session_id = ${lesson.sessionId} and type = 'payment.settled_outside'`;
    expect(events).toEqual([
      {
        type: "payment.settled_outside",
        actor_id: admin.id,
        actor_role: "admin",
        payload: expect.objectContaining({
          attempt_id: lesson.chargeAttemptId,
          kind: "charge",
          was: "manual_due",
          reference: "Receipt 0042",
        }),
      },
    ]);
  });

  it("a payout due by hand: paid → the tutor sees it paid out, the payouts CSV no longer lists it, the payer never sees its amount", async () => {
    const { tutor, student } = await people();
    const lesson = await createChargedLesson(sql, { tutor, student, startAt: pastStart(), payoutCents: 7_000, status: "manual_due" });
    const transferId = await releasePayout(sql, lesson.payoutId);
    await parkAttempt(sql, transferId, "manual_due");
    expect(await listManualPayouts({ db: sql, viewer: admin.viewer })).toContain(transferId);
    const before = await readTutorEarnings({ db: sql, viewer: tutor.viewer, now: new Date() });
    expect(before.totals).toMatchObject({ releasedCents: 7_000, paidOutCents: 0 });

    await settle(transferId, { reference: "BANK-TT-778899", reason: "Paid from the payouts CSV" });
    expect(await attempt(transferId)).toMatchObject({ status: "succeeded", provider_ref: "BANK-TT-778899", settled_outside_by: admin.id });
    const after = await readTutorEarnings({ db: sql, viewer: tutor.viewer, now: new Date() });
    expect(after.totals).toMatchObject({ releasedCents: 0, paidOutCents: 7_000 });
    expect(await listManualPayouts({ db: sql, viewer: admin.viewer })).not.toContain(transferId);
    // A transfer's amount is the tutor's payout: payout_* keys in the audit trail, which the payer's view drops.
    const [event] = await sql<{ payload: Record<string, unknown> }[]>`
      select payload from public.session_events where session_id = ${lesson.sessionId} and type = 'payment.settled_outside'`;
    expect(event?.payload).toMatchObject({ kind: "transfer", payout_cents: 7_000, payout_reference: "BANK-TT-778899" });
    expect(
      Object.keys(event!.payload)
        .filter((key) => !/^payout_/.test(key))
        .sort(),
    ).toEqual(["attempt_id", "decision_id", "kind", "was"]);
    // No receipt for a payout.
    expect(await sql`select 1 from public.notifications where kind = 'charge_receipt' and subject_id = ${lesson.sessionId}`).toHaveLength(
      0,
    );
  });
});

describe("settleOutsideProvider: failed refunds and transfers", () => {
  it("a failed refund settled outside reads as refunded to the payer; it can never be written off", async () => {
    const { tutor, student } = await people();
    const lesson = await createChargedLesson(sql, { tutor, student, startAt: pastStart(), status: "succeeded" });
    const { refundId, refundAttemptId } = await refundPart(sql, { lesson, student, tutor, refundCents: 4_000, reversalCents: 3_200 });
    await parkAttempt(sql, refundAttemptId, "failed", "refund_failed");
    expect((await listFailedPayments({ db: sql, viewer: admin.viewer })).items.map((item) => item.attemptId)).toContain(refundAttemptId);

    const before = await footprint(refundAttemptId);
    const refused = await caught(
      decideFailedPayment({
        db: sql,
        viewer: admin.viewer,
        attemptId: refundAttemptId,
        outcome: "write_off",
        reason: "Give up",
        now: new Date(),
      }),
    );
    expect(refused).toMatchObject({ code: "conflict", status: 409 });
    expect(refused.message).toMatch(/owed to the payer/);
    expect(await footprint(refundAttemptId)).toEqual(before);

    await settle(refundAttemptId, { reference: "CHQ 000123", reason: "Refunded by cheque" });
    expect(await attempt(refundAttemptId)).toMatchObject({ status: "succeeded", provider_ref: "CHQ 000123", settled_outside_by: admin.id });
    const mine = await listPayerPayments({ db: sql, viewer: student.viewer });
    expect(mine.find((item) => item.ledgerEntryId === refundId)).toMatchObject({ kind: "refund", status: "refunded", amountCents: 4_000 });
    const receipt = await readPaymentReceipt({ db: sql, viewer: student.viewer, provider: fake.provider, ledgerEntryId: lesson.chargeId });
    expect(receipt.refundsSettledOutside).toEqual([refundAttemptId]);
    expect((await listFailedPayments({ db: sql, viewer: admin.viewer })).items.map((item) => item.attemptId)).not.toContain(
      refundAttemptId,
    );
  });

  it("a failed payout transfer settled outside is paid out; it can never be written off; a failed charge still can be", async () => {
    const { tutor, student } = await people();
    const lesson = await createChargedLesson(sql, { tutor, student, startAt: pastStart(), payoutCents: 6_500, status: "succeeded" });
    const transferId = await releasePayout(sql, lesson.payoutId);
    await parkAttempt(sql, transferId, "failed", "transfer_failed");
    const refused = await caught(
      decideFailedPayment({
        db: sql,
        viewer: admin.viewer,
        attemptId: transferId,
        outcome: "write_off",
        reason: "Give up",
        now: new Date(),
      }),
    );
    expect(refused).toMatchObject({ code: "conflict" });
    expect(refused.message).toMatch(/owed to the tutor/);
    expect(await attempt(transferId)).toMatchObject({ status: "failed" });
    expect(await sql`select 1 from public.admin_decisions where subject_id = ${transferId}`).toHaveLength(0);

    await settle(transferId, { reference: "WIRE 55-1", reason: "Sent by wire, the account was closed" });
    const earnings = await readTutorEarnings({ db: sql, viewer: tutor.viewer, now: new Date() });
    expect(earnings.totals.paidOutCents).toBe(6_500);

    const charged = await createChargedLesson(sql, { tutor, student, startAt: pastStart(), status: "failed", errorCode: "card_declined" });
    await decideFailedPayment({
      db: sql,
      viewer: admin.viewer,
      attemptId: charged.chargeAttemptId,
      outcome: "write_off",
      reason: "Family hardship",
      now: new Date(),
    });
    expect(await attempt(charged.chargeAttemptId)).toMatchObject({ status: "cancelled" });
  });

  it("a failed charge (its last decline) settled outside: a receipt to the payer, the refunds cancelled meanwhile netted", async () => {
    const { tutor, student } = await people();
    const lesson = await createChargedLesson(sql, { tutor, student, startAt: pastStart(), status: "failed", errorCode: "card_declined" });
    const { refundAttemptId } = await refundPart(sql, { lesson, student, tutor, refundCents: 2_500, reversalCents: 2_000 });
    // as the collection job leaves a refund of a charge never collected
    await sql`update public.payment_attempts set status = 'cancelled', last_error_code = 'charge_not_collected' where id = ${refundAttemptId}`;
    const settled = await settle(lesson.chargeAttemptId, { reference: "FT 7781", reason: "The family paid by bank transfer" });
    expect(settled.amountCents).toBe(7_500);
    expect(await attempt(lesson.chargeAttemptId)).toMatchObject({ status: "succeeded", amount_cents: 7_500, settled_outside_by: admin.id });
    expect(
      await sql`select 1 from public.notifications where recipient_id = ${student.id} and kind = 'charge_receipt' and subject_id = ${lesson.sessionId}`,
    ).toHaveLength(1);
  });
});

describe("settleOutsideProvider: one decision, admins only, only what is due or failed", () => {
  it("a double click (even at the same instant) gets already_done: one decision, one audit event, one receipt", async () => {
    const { tutor, student } = await people();
    const lesson = await createChargedLesson(sql, { tutor, student, startAt: pastStart(), status: "manual_due" });
    const results = await Promise.allSettled([settle(lesson.chargeAttemptId), settle(lesson.chargeAttemptId)]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "already_done", status: 409 });
    const again = await caught(settle(lesson.chargeAttemptId, { reference: "OTHER-REF" }));
    expect(again.code).toBe("already_done");
    expect(await sql`select 1 from public.admin_decisions where subject_id = ${lesson.chargeAttemptId}`).toHaveLength(1);
    expect(
      await sql`select 1 from public.session_events where session_id = ${lesson.sessionId} and type = 'payment.settled_outside'`,
    ).toHaveLength(1);
    expect(await sql`select 1 from public.notifications where kind = 'charge_receipt' and subject_id = ${lesson.sessionId}`).toHaveLength(
      1,
    );
    expect(await attempt(lesson.chargeAttemptId)).toMatchObject({ provider_ref: "FT-2026-12-01-0042" });
  });

  it("a failed charge the admin retried that failed again is settled in round 2", async () => {
    const { tutor, student } = await people();
    const lesson = await createChargedLesson(sql, { tutor, student, startAt: pastStart(), status: "failed", errorCode: "card_declined" });
    await decideFailedPayment({
      db: sql,
      viewer: admin.viewer,
      attemptId: lesson.chargeAttemptId,
      outcome: "retry",
      reason: "One more try",
      now: new Date(),
    });
    await parkAttempt(sql, lesson.chargeAttemptId, "failed", "card_declined");
    await settle(lesson.chargeAttemptId);
    const decisions =
      await sql`select outcome, round from public.admin_decisions where subject_id = ${lesson.chargeAttemptId} order by round`;
    expect(decisions).toEqual([
      { outcome: "retry", round: 1 },
      { outcome: "settled_outside", round: 2 },
    ]);
  });

  it("refuses a non-admin, bad input, an unknown id, and a payment neither due by hand nor failed; writes nothing", async () => {
    const { tutor, student } = await people();
    const due = await createChargedLesson(sql, { tutor, student, startAt: pastStart(), status: "manual_due" });
    const before = await footprint(due.chargeAttemptId);
    expect((await caught(settle(due.chargeAttemptId, { viewer: student.viewer }))).code).toBe("forbidden");
    expect((await caught(settle(due.chargeAttemptId, { viewer: tutor.viewer }))).code).toBe("forbidden");
    for (const reference of ["", "   ", "x".repeat(121), "FT\n42", "FT\u0000"]) {
      expect((await caught(settle(due.chargeAttemptId, { reference }))).code, JSON.stringify(reference)).toBe("invalid_input");
    }
    expect((await caught(settle(due.chargeAttemptId, { reason: "  " }))).code).toBe("invalid_input");
    expect(await footprint(due.chargeAttemptId)).toEqual(before);
    expect((await caught(settle(UNKNOWN))).code).toBe("not_found");
    expect((await caught(listDueByHand({ db: sql, viewer: student.viewer }))).code).toBe("forbidden");

    const pending = await createChargedLesson(sql, { tutor, student, startAt: pastStart(), status: "pending" });
    const paid = await createChargedLesson(sql, { tutor, student, startAt: pastStart(), status: "succeeded" });
    const action = await createChargedLesson(sql, { tutor, student, startAt: pastStart(), status: "action_required" });
    for (const [lesson, code] of [
      [pending, "conflict"],
      [action, "conflict"],
      [paid, "already_done"],
    ] as const) {
      const snapshot = await footprint(lesson.chargeAttemptId);
      expect((await caught(settle(lesson.chargeAttemptId))).code).toBe(code);
      expect(await footprint(lesson.chargeAttemptId)).toEqual(snapshot);
    }
    // settled by the provider: its PaymentIntent id stays, never replaced by an admin's reference
    expect(await attempt(paid.chargeAttemptId)).toMatchObject({ settled_outside_by: null, provider_ref: expect.stringMatching(/^pi_/) });
  });
});

describe("a refund of a charge settled outside the provider", () => {
  it("never goes to the provider with the admin's reference: it becomes due by hand", async () => {
    const { tutor, student } = await people();
    const lesson = await createChargedLesson(sql, { tutor, student, startAt: pastStart(), status: "failed", errorCode: "card_declined" });
    // one of the calls may have gone through: the card was sent (so no netting); the admin knows it was paid by transfer
    await sql`update public.payment_attempts set sent_customer_ref = 'cus_x', sent_payment_method_ref = 'pm_x' where id = ${lesson.chargeAttemptId}`;
    await settle(lesson.chargeAttemptId, { reference: "pi_looks_like_a_provider_id", reason: "Paid by bank transfer in the end" });
    const { refundAttemptId } = await refundPart(sql, { lesson, student, tutor, refundCents: 3_000, reversalCents: 2_400 });
    // This file's job run must not work other files' leftovers (files run one at a time on one database).
    await sql`update public.payment_attempts set status = 'cancelled', lease_until = null
              where status in ('pending', 'processing', 'action_required') and id <> ${refundAttemptId}`;
    await sql`update public.payment_attempts set next_attempt_at = now() - interval '1 minute' where id = ${refundAttemptId}`;
    const refundsBefore = fake.controls.objects("refunds").length;
    let refundCalls = 0;
    const counting: PaymentProvider = {
      ...fake.provider,
      refund: async (request) => {
        refundCalls += 1;
        return fake.provider.refund(request);
      },
    };
    const result = await collectDuePayments({ db: sql, provider: counting, now: new Date(Date.now() + 1000) });
    expect(result).toMatchObject({ manualDue: 1, refunded: 0, failed: 0 });
    expect(refundCalls).toBe(0);
    expect(fake.controls.objects("refunds")).toHaveLength(refundsBefore);
    expect(await attempt(refundAttemptId)).toMatchObject({ status: "manual_due", provider_ref: null });
    const due = await listDueByHand({ db: sql, viewer: admin.viewer });
    expect(due.items).toContainEqual(expect.objectContaining({ attemptId: refundAttemptId, kind: "refund", amountCents: 3_000 }));
    // ... and the admin pays it back by hand.
    await settle(refundAttemptId, { reference: "FT-BACK-1", reason: "Refunded by bank transfer" });
    expect(await attempt(refundAttemptId)).toMatchObject({ status: "succeeded", settled_outside_by: admin.id });
  });
});

describe("POST /api/admin/payments/:id/settlement", () => {
  const post = (id: string, options: { token?: string | null; body?: unknown; rawBody?: string }) =>
    settlementRoute(apiRequest(`/api/admin/payments/${id}/settlement`, options), idParams(id)).then(readResponse);
  const body = { reference: "FT-ROUTE-1", reason: "Paid by bank transfer" };

  it("200 {settlement: {attemptId, status}} for an admin; a second call 409 already_done", async () => {
    const { tutor, student } = await people();
    const lesson = await createChargedLesson(sql, { tutor, student, startAt: pastStart(), status: "manual_due" });
    const token = await signIn(admin);
    const ok = await post(lesson.chargeAttemptId, { token, body });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ settlement: { attemptId: lesson.chargeAttemptId, status: "succeeded" } });
    const again = await post(lesson.chargeAttemptId, { token, body });
    expect([again.status, again.code]).toEqual([409, "already_done"]);
    expect(await sql`select 1 from public.admin_decisions where subject_id = ${lesson.chargeAttemptId}`).toHaveLength(1);
  });

  it("refuses every rejection with its status and code, never a 500, and writes nothing", async () => {
    const { tutor, student } = await people();
    const due = await createChargedLesson(sql, { tutor, student, startAt: pastStart(), status: "manual_due" });
    const pending = await createChargedLesson(sql, { tutor, student, startAt: pastStart(), status: "pending" });
    const [studentToken, tutorToken] = await Promise.all([signIn(student), signIn(tutor)]);
    // The "decision" rate limit counts every call of a user: a fresh admin for each case.
    const adminToken = "admin";
    const before = await footprint(due.chargeAttemptId);
    const pendingBefore = await footprint(pending.chargeAttemptId);
    const cases: [string, { token?: string | null; body?: unknown; rawBody?: string }, number, string][] = [
      [due.chargeAttemptId, { token: null, body }, 401, "unauthorized"],
      [due.chargeAttemptId, { token: studentToken, body }, 403, "forbidden"],
      [due.chargeAttemptId, { token: tutorToken, body }, 403, "forbidden"],
      [UNKNOWN, { token: adminToken, body }, 404, "not_found"],
      ["not-a-uuid", { token: adminToken, body }, 422, "invalid_input"],
      [pending.chargeAttemptId, { token: adminToken, body }, 409, "conflict"],
      [due.chargeAttemptId, { token: adminToken, body: { reason: body.reason } }, 422, "invalid_input"],
      [due.chargeAttemptId, { token: adminToken, body: { ...body, reference: "   " } }, 422, "invalid_input"],
      [due.chargeAttemptId, { token: adminToken, body: { ...body, reference: "a\tb" } }, 422, "invalid_input"],
      [due.chargeAttemptId, { token: adminToken, body: { ...body, reference: "r".repeat(121) } }, 422, "invalid_input"],
      [due.chargeAttemptId, { token: adminToken, body: { ...body, reason: "no" } }, 422, "invalid_input"],
      [due.chargeAttemptId, { token: adminToken, body: { ...body, extra: true } }, 422, "invalid_input"],
      [due.chargeAttemptId, { token: adminToken, body: { ...body, reference: 42 } }, 422, "invalid_input"],
      [due.chargeAttemptId, { token: adminToken, rawBody: "{not json" }, 400, "bad_request"],
    ];
    for (const [id, options, status, code] of cases) {
      const token = options.token === adminToken ? await signIn(await createUser(sql, { role: "admin" })) : options.token;
      const result = await post(id, { ...options, token });
      expect([result.status, result.code], `${id} ${JSON.stringify(options.body ?? options.rawBody)}`).toEqual([status, code]);
    }
    expect(await footprint(due.chargeAttemptId)).toEqual(before);
    expect(await footprint(pending.chargeAttemptId)).toEqual(pendingBefore);
  });
});
