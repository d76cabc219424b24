import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/admin/sessions/[id]/early-end-decision/route";
import { decideEarlyEnd } from "@/lib/admin/decide-early-end";
import { markAttemptSucceeded } from "@/lib/payments/settle-attempt";
import { testDb } from "../support/db";
import { createEarlyEndLesson, ledgerTotals } from "../support/dispute-fixtures";
import { apiRequest, createTutor, createUser, idParams, readResponse, signIn, type TTestUser } from "../support/factories";

let sql: Sql;
let tutor: TTestUser;
let student: TTestUser;
let admin: TTestUser;
const HOUR_MS = 3_600_000;

beforeAll(async () => {
  sql = testDb();
  tutor = await createTutor(sql);
  student = await createUser(sql, { role: "student" });
  admin = await createUser(sql, { role: "admin" });
});

afterAll(async () => {
  await sql.end();
});

async function sessionMoney(sessionId: string) {
  const [row] = await sql`
    select status, early_end_resolution, early_end_resolved_at is not null as is_resolved, charged_at is not null as is_charged,
           charge_cents, payout_cents, platform_fee_cents
    from public.sessions where id = ${sessionId}`;
  return row;
}

describe("an admin resolves an early end", () => {
  it("charge_full: the price with the frozen completion split, payout held for the hold hours, collection enqueued", async () => {
    const lesson = await createEarlyEndLesson(sql, { tutor, student, heldMinutes: 20 });
    const now = new Date();
    const decision = await decideEarlyEnd({
      db: sql,
      viewer: admin.viewer,
      sessionId: lesson.sessionId,
      input: { outcome: "charge_full", reason: "The student left early by choice." },
      now,
    });
    expect(decision).toMatchObject({
      outcome: "charge_full",
      heldMinutes: 20,
      split: { chargeCents: 10_000, payoutCents: 9000, platformFeeCents: 1000 },
    });
    expect(decision.payoutReleaseAt?.getTime()).toBe(now.getTime() + 24 * HOUR_MS);
    expect(await sessionMoney(lesson.sessionId)).toMatchObject({
      status: "EARLY_END_SHORT",
      early_end_resolution: "charge_full",
      is_resolved: true,
      is_charged: true,
      charge_cents: "10000",
      payout_cents: "9000",
      platform_fee_cents: "1000",
    });
    expect(await ledgerTotals(sql, lesson.sessionId)).toMatchObject({ charge: 10_000, payout: 9000, fee: 1000, payoutStatus: "held" });
    const attempts = await sql`select kind, amount_cents, party_id from public.payment_attempts where session_id = ${lesson.sessionId}`;
    expect(attempts).toEqual([{ kind: "charge", amount_cents: "10000", party_id: student.id }]);
    const receipts = () =>
      sql`select 1 from public.notifications where recipient_id = ${student.id} and kind = 'charge_receipt' and subject_id = ${lesson.sessionId}`;
    // The receipt waits for the money: it is sent when the charge is collected, not when it is decided.
    expect(await receipts()).toHaveLength(0);
    const [attempt] = await sql<{ id: string }[]>`select id from public.payment_attempts where session_id = ${lesson.sessionId}`;
    await sql.begin((tx) => markAttemptSucceeded(tx, { attemptId: attempt!.id, providerRef: "pi_early_end", now: new Date() }));
    expect(await receipts()).toHaveLength(1);
    const [decided] =
      await sql`select outcome, amount_cents, reason from public.admin_decisions where subject_type = 'early_end' and subject_id = ${lesson.sessionId}`;
    expect(decided).toEqual({ outcome: "charge_full", amount_cents: "10000", reason: "The student left early by choice." });
  });

  it("charge_pro_rata: price × held minutes / duration, split applied; boundaries 0 and the whole lesson", async () => {
    const cases = [
      { heldMinutes: 20, charge: 3333, payout: 3000, fee: 333 },
      { heldMinutes: 1, charge: 167, payout: 150, fee: 17 },
    ];
    for (const expected of cases) {
      const lesson = await createEarlyEndLesson(sql, { tutor, student, heldMinutes: expected.heldMinutes });
      const decision = await decideEarlyEnd({
        db: sql,
        viewer: admin.viewer,
        sessionId: lesson.sessionId,
        input: { outcome: "charge_pro_rata", reason: "Connection dropped for good." },
        now: new Date(),
      });
      expect(decision.split).toEqual({ chargeCents: expected.charge, payoutCents: expected.payout, platformFeeCents: expected.fee });
      const totals = await ledgerTotals(sql, lesson.sessionId);
      expect(totals).toMatchObject({ charge: expected.charge, payout: expected.payout, fee: expected.fee });
      expect(totals.payout + totals.fee).toBe(totals.charge);
    }
    // Nothing held: charged zero, no ledger rows (amounts are positive), but resolved.
    const none = await createEarlyEndLesson(sql, { tutor, student, heldMinutes: 0 });
    const zero = await decideEarlyEnd({
      db: sql,
      viewer: admin.viewer,
      sessionId: none.sessionId,
      input: { outcome: "charge_pro_rata", reason: "Never connected." },
      now: new Date(),
    });
    expect(zero.split).toEqual({ chargeCents: 0, payoutCents: 0, platformFeeCents: 0 });
    expect(await sessionMoney(none.sessionId)).toMatchObject({
      early_end_resolution: "charge_pro_rata",
      charge_cents: "0",
      is_charged: true,
    });
    expect(await sql`select 1 from public.ledger_entries where session_id = ${none.sessionId}`).toHaveLength(0);
    // A run longer than the window is clipped to it: never above the price.
    const long = await createEarlyEndLesson(sql, { tutor, student, heldMinutes: 600 });
    const capped = await decideEarlyEnd({
      db: sql,
      viewer: admin.viewer,
      sessionId: long.sessionId,
      input: { outcome: "charge_pro_rata", reason: "Clipped to the window." },
      now: new Date(),
    });
    expect(capped.heldMinutes).toBe(60);
    expect(capped.split.chargeCents).toBe(10_000);
  });

  it("no_charge: resolved, nothing charged, nothing in the ledger", async () => {
    const lesson = await createEarlyEndLesson(sql, { tutor, student, heldMinutes: 10 });
    const decision = await decideEarlyEnd({
      db: sql,
      viewer: admin.viewer,
      sessionId: lesson.sessionId,
      input: { outcome: "no_charge", reason: "The tutor's connection failed." },
      now: new Date(),
    });
    expect(decision.payoutReleaseAt).toBeNull();
    expect(await sessionMoney(lesson.sessionId)).toMatchObject({
      early_end_resolution: "no_charge",
      is_charged: false,
      charge_cents: null,
    });
    expect(await sql`select 1 from public.ledger_entries where session_id = ${lesson.sessionId}`).toHaveLength(0);
    expect(await sql`select 1 from public.payment_attempts where session_id = ${lesson.sessionId}`).toHaveLength(0);
  });

  it("a double decision (two clicks, or two admins at once) charges once: the second is 409 already_done", async () => {
    const lesson = await createEarlyEndLesson(sql, { tutor, student, heldMinutes: 30 });
    const token = await signIn(admin);
    const call = (outcome: string) =>
      POST(
        apiRequest(`/api/admin/sessions/${lesson.sessionId}/early-end-decision`, {
          token,
          body: { outcome, reason: "Decided on the evidence." },
        }),
        idParams(lesson.sessionId),
      ).then(readResponse);
    const results = await Promise.all([call("charge_full"), call("charge_pro_rata")]);
    const statuses = results.map((result) => result.status).sort();
    expect(statuses).toEqual([200, 409]);
    expect(results.find((result) => result.status === 409)?.code).toBe("already_done");
    const again = await call("no_charge");
    expect(again).toMatchObject({ status: 409, code: "already_done" });
    const charges = await sql`select 1 from public.ledger_entries where session_id = ${lesson.sessionId} and kind = 'charge'`;
    expect(charges).toHaveLength(1);
    expect(await sql`select 1 from public.admin_decisions where subject_id = ${lesson.sessionId}`).toHaveLength(1);
    const ok = results.find((result) => result.status === 200)!;
    expect((ok.body.decision as { held_minutes: number }).held_minutes).toBe(30);
  });
});
