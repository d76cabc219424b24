import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideDispute } from "@/lib/disputes/decide-dispute";
import { openDispute } from "@/lib/disputes/open-dispute";
import { respondToDispute } from "@/lib/disputes/respond-to-dispute";
import { releaseDuePayouts } from "@/lib/payments/release-due-payouts";
import { rateSession } from "@/lib/ratings/rate-session";
import { testDb } from "../support/db";
import { createChargedLesson, ledgerTotals, type TLedgerTotals } from "../support/dispute-fixtures";
import { createParentOf, createTutor, createUser, type TTestUser } from "../support/factories";

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

/** The ledger's two invariants: what the tutor and the platform keep is what the payer paid, and refunds never exceed the charge. */
function expectBalanced(totals: TLedgerTotals) {
  expect(totals.payout + totals.fee - totals.payoutReversal - totals.feeReversal).toBe(totals.charge - totals.refund);
  expect(totals.refund).toBeLessThanOrEqual(totals.charge);
}

async function attemptsOf(sessionId: string) {
  return sql<{ kind: string; amount_cents: string; party_id: string; status: string; idempotency_key: string }[]>`
    select kind, amount_cents, party_id, status, idempotency_key from public.payment_attempts where session_id = ${sessionId} order by created_at, kind`;
}

async function sessionStatus(sessionId: string): Promise<string> {
  const [row] = await sql<{ status: string }[]>`select status from public.sessions where id = ${sessionId}`;
  return row!.status;
}

async function notificationKinds(recipientId: string, subjectId: string): Promise<string[]> {
  const rows = await sql<{ kind: string }[]>`
    select kind from public.notifications where recipient_id = ${recipientId} and subject_id = ${subjectId} order by kind`;
  return rows.map((row) => row.kind);
}

async function eventTypes(sessionId: string): Promise<string[]> {
  const rows = await sql<{ type: string }[]>`select type from public.session_events where session_id = ${sessionId} order by at, id`;
  return rows.map((row) => row.type);
}

const describeText = "The tutor never joined the meeting; I waited the whole hour.";

describe("a tutor no-show with clear evidence is accepted at once", () => {
  it("NO_SHOW_TUTOR, refunded in full, payout void, the provider refund enqueued, both sides told", async () => {
    const now = new Date();
    const lesson = await createChargedLesson(sql, { tutor, student, studentJoined: true, tutorJoined: false });
    const { dispute } = await openDispute({
      db: sql,
      viewer: student.viewer,
      sessionId: lesson.sessionId,
      input: { kind: "tutor_no_show", description: describeText },
      now,
    });
    expect(dispute.status).toBe("accepted");
    expect(dispute.outcome).toBe("refund_full");
    expect(dispute.refund_cents).toBe(10_000);
    expect(await sessionStatus(lesson.sessionId)).toBe("NO_SHOW_TUTOR");
    const totals = await ledgerTotals(sql, lesson.sessionId);
    expect(totals).toMatchObject({ charge: 10_000, refund: 10_000, payout: 0, payoutVoid: 9000, payoutReversal: 0, feeReversal: 1000 });
    expect(totals.payoutStatus).toBe("void");
    expectBalanced(totals);
    const keys = await sql<{ idempotency_key: string }[]>`
      select idempotency_key from public.ledger_entries where session_id = ${lesson.sessionId} and kind in ('refund', 'fee_reversal') order by kind`;
    expect(keys.map((row) => row.idempotency_key)).toEqual([
      `session:${lesson.sessionId}:fee_reversal:1`,
      `session:${lesson.sessionId}:refund:1`,
    ]);
    const refunds = (await attemptsOf(lesson.sessionId)).filter((attempt) => attempt.kind === "refund");
    expect(refunds).toEqual([
      {
        kind: "refund",
        amount_cents: "10000",
        party_id: student.id,
        status: "pending",
        idempotency_key: `session:${lesson.sessionId}:refund:1`,
      },
    ]);
    expect(await notificationKinds(student.id, dispute.id)).toEqual(["dispute_resolved"]);
    expect(await notificationKinds(tutor.id, dispute.id)).toEqual(["dispute_resolved"]);
    expect(await eventTypes(lesson.sessionId)).toEqual(expect.arrayContaining(["dispute.opened", "dispute.accepted", "session.refunded"]));
    // A void payout is never released: nothing for the tutor, even after its release time.
    await releaseDuePayouts({ db: sql, now: new Date(lesson.releaseAt.getTime() + HOUR_MS) });
    expect((await ledgerTotals(sql, lesson.sessionId)).payoutStatus).toBe("void");
    expect((await attemptsOf(lesson.sessionId)).filter((attempt) => attempt.kind === "transfer")).toEqual([]);
  });

  it("is not accepted when the tutor joined, when a provider saw the tutor, or for a lesson problem", async () => {
    const joined = await createChargedLesson(sql, { tutor, student, studentJoined: true, tutorJoined: true });
    const seen = await createChargedLesson(sql, { tutor, student, studentJoined: true, tutorJoined: false });
    await sql`
      insert into public.session_events (session_id, type, actor_role, payload, at)
      values (${seen.sessionId}, 'zoom.meeting.participant_joined', 'provider', ${sql.json({ participant: { role: "tutor" } })}, now())`;
    const problem = await createChargedLesson(sql, { tutor, student, studentJoined: true, tutorJoined: false });
    const now = new Date();
    for (const [lesson, kind] of [
      [joined, "tutor_no_show"],
      [seen, "tutor_no_show"],
      [problem, "lesson_problem"],
    ] as const) {
      const { dispute } = await openDispute({
        db: sql,
        viewer: student.viewer,
        sessionId: lesson.sessionId,
        input: { kind, description: describeText },
        now,
      });
      expect(dispute.status).toBe("open");
      expect(dispute.respond_by.getTime()).toBe(now.getTime() + 48 * HOUR_MS);
      expect(await sessionStatus(lesson.sessionId)).toBe("COMPLETED_ASSUMED");
      expect(await ledgerTotals(sql, lesson.sessionId)).toMatchObject({ refund: 0, payoutStatus: "held" });
      expect(await notificationKinds(tutor.id, dispute.id)).toEqual(["dispute_opened"]);
    }
  });
});

describe("open → respond → decide", () => {
  async function openedLesson(opener: TTestUser = student, who: TTestUser = student) {
    const lesson = await createChargedLesson(sql, { tutor, student: who, studentJoined: false, tutorJoined: false });
    const { dispute } = await openDispute({
      db: sql,
      viewer: opener.viewer,
      sessionId: lesson.sessionId,
      input: { kind: "lesson_problem", description: "The tutor spent the lesson on another subject." },
      now: new Date(),
    });
    return { lesson, dispute };
  }

  it("freezes the payout while disputed; the tutor answers once; refund_full voids the payout", async () => {
    const { lesson, dispute } = await openedLesson();
    // Past its release time the job skips it: the dispute froze it.
    await releaseDuePayouts({ db: sql, now: new Date(lesson.releaseAt.getTime() + HOUR_MS) });
    expect((await ledgerTotals(sql, lesson.sessionId)).payoutStatus).toBe("held");

    const { dispute: answered } = await respondToDispute({
      db: sql,
      viewer: tutor.viewer,
      disputeId: dispute.id,
      input: { response: "We covered the agreed syllabus; see the shared notes." },
      now: new Date(),
    });
    expect(answered.status).toBe("responded");
    expect(await notificationKinds(student.id, dispute.id)).toEqual(["dispute_answered"]);
    expect(await notificationKinds(admin.id, dispute.id)).toEqual(["dispute_answered"]);
    await expect(
      respondToDispute({ db: sql, viewer: tutor.viewer, disputeId: dispute.id, input: { response: "again" }, now: new Date() }),
    ).rejects.toMatchObject({ code: "already_done" });
    await releaseDuePayouts({ db: sql, now: new Date(lesson.releaseAt.getTime() + HOUR_MS) });
    expect((await ledgerTotals(sql, lesson.sessionId)).payoutStatus).toBe("held");

    const { dispute: decided, refund } = await decideDispute({
      db: sql,
      viewer: admin.viewer,
      disputeId: dispute.id,
      input: { outcome: "refund_full", reason: "The notes show a different subject." },
      now: new Date(),
    });
    expect(decided).toMatchObject({ status: "resolved", outcome: "refund_full", refund_cents: 10_000, resolved_by: admin.id });
    expect(refund?.isPayoutVoided).toBe(true);
    const totals = await ledgerTotals(sql, lesson.sessionId);
    expect(totals).toMatchObject({ refund: 10_000, payoutStatus: "void", feeReversal: 1000 });
    expectBalanced(totals);
    // A lesson_problem refund does not turn the lesson into a tutor no-show.
    expect(await sessionStatus(lesson.sessionId)).toBe("COMPLETED_ASSUMED");
    expect(await notificationKinds(tutor.id, dispute.id)).toEqual(["dispute_opened", "dispute_resolved"]);
    const [decision] =
      await sql`select outcome, amount_cents, reason, admin_id from public.admin_decisions where subject_id = ${dispute.id}`;
    expect(decision).toMatchObject({ outcome: "refund_full", amount_cents: "10000", admin_id: admin.id });
    // A second decision (a double click) refunds nothing more.
    await expect(
      decideDispute({
        db: sql,
        viewer: admin.viewer,
        disputeId: dispute.id,
        input: { outcome: "refund_full", reason: "twice" },
        now: new Date(),
      }),
    ).rejects.toMatchObject({ code: "already_done" });
    expect((await ledgerTotals(sql, lesson.sessionId)).refund).toBe(10_000);
    expect((await attemptsOf(lesson.sessionId)).filter((attempt) => attempt.kind === "refund")).toHaveLength(1);
  });

  it("refund_partial reduces payout and fee in proportion; the release job then pays the tutor the rest", async () => {
    const { lesson, dispute } = await openedLesson();
    const { refund } = await decideDispute({
      db: sql,
      viewer: admin.viewer,
      disputeId: dispute.id,
      input: { outcome: "refund_partial", amount_cents: 2500, reason: "Started 15 minutes late." },
      now: new Date(),
    });
    expect(refund).toMatchObject({ refundCents: 2500, payoutReversalCents: 2250, feeReversalCents: 250, isPayoutVoided: false });
    const totals = await ledgerTotals(sql, lesson.sessionId);
    expect(totals).toMatchObject({ refund: 2500, payoutReversal: 2250, feeReversal: 250, payoutStatus: "held" });
    expectBalanced(totals);
    await releaseDuePayouts({ db: sql, now: new Date(lesson.releaseAt.getTime() + HOUR_MS) });
    expect((await ledgerTotals(sql, lesson.sessionId)).payoutStatus).toBe("released");
    const transfers = (await attemptsOf(lesson.sessionId)).filter((attempt) => attempt.kind === "transfer");
    expect(transfers.map((attempt) => Number(attempt.amount_cents))).toEqual([6750]);
  });

  it("a partial refund above charged − refunded is refused and writes nothing", async () => {
    const { lesson, dispute } = await openedLesson();
    await expect(
      decideDispute({
        db: sql,
        viewer: admin.viewer,
        disputeId: dispute.id,
        input: { outcome: "refund_partial", amount_cents: 10_001, reason: "too much" },
        now: new Date(),
      }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    expect((await ledgerTotals(sql, lesson.sessionId)).refund).toBe(0);
    const [row] = await sql`select status from public.disputes where id = ${dispute.id}`;
    expect(row?.status).toBe("open");
    expect(await sql`select 1 from public.admin_decisions where subject_id = ${dispute.id}`).toHaveLength(0);
  });

  it("release keeps the payout whole and the next release run pays it", async () => {
    const parent = await createParentOf(sql, student);
    const { lesson, dispute } = await openedLesson(parent);
    expect(dispute.opened_by).toBe(parent.id);
    const before = new Date(lesson.releaseAt.getTime() + HOUR_MS);
    await releaseDuePayouts({ db: sql, now: before });
    expect((await ledgerTotals(sql, lesson.sessionId)).payoutStatus).toBe("held");
    const { refund } = await decideDispute({
      db: sql,
      viewer: admin.viewer,
      disputeId: dispute.id,
      input: { outcome: "release", reason: "The lesson took place as booked." },
      now: new Date(),
    });
    expect(refund).toBeNull();
    expect(await notificationKinds(parent.id, dispute.id)).toEqual(["dispute_resolved"]);
    await releaseDuePayouts({ db: sql, now: before });
    const totals = await ledgerTotals(sql, lesson.sessionId);
    expect(totals).toMatchObject({ refund: 0, payoutStatus: "released" });
    expectBalanced(totals);
    const transfers = (await attemptsOf(lesson.sessionId)).filter((attempt) => attempt.kind === "transfer");
    expect(transfers.map((attempt) => Number(attempt.amount_cents))).toEqual([9000]);
  });

  it("a tutor_no_show report refunded in full by an admin marks the lesson NO_SHOW_TUTOR", async () => {
    const lesson = await createChargedLesson(sql, { tutor, student, studentJoined: false, tutorJoined: false });
    const { dispute } = await openDispute({
      db: sql,
      viewer: student.viewer,
      sessionId: lesson.sessionId,
      input: { kind: "tutor_no_show", description: describeText },
      now: new Date(),
    });
    expect(dispute.status).toBe("open");
    await decideDispute({
      db: sql,
      viewer: admin.viewer,
      disputeId: dispute.id,
      input: { outcome: "refund_full", reason: "No sign of the tutor." },
      now: new Date(),
    });
    expect(await sessionStatus(lesson.sessionId)).toBe("NO_SHOW_TUTOR");
  });

  it("the tutor cannot answer after 48 hours; an admin still decides", async () => {
    const { dispute } = await openedLesson();
    await expect(
      respondToDispute({
        db: sql,
        viewer: tutor.viewer,
        disputeId: dispute.id,
        input: { response: "late" },
        now: new Date(Date.now() + 49 * HOUR_MS),
      }),
    ).rejects.toMatchObject({ code: "too_late" });
    const { dispute: decided } = await decideDispute({
      db: sql,
      viewer: admin.viewer,
      disputeId: dispute.id,
      input: { outcome: "release", reason: "No answer, but the recording shows the lesson." },
      now: new Date(),
    });
    expect(decided.status).toBe("resolved");
  });
});

describe("ratings follow the dispute", () => {
  it("a refunded lesson's rating leaves the tutor's cached average; a released one stays", async () => {
    const rated = await createTutor(sql);
    const lessons = [];
    for (const stars of [5, 5, 5, 1]) {
      const lesson = await createChargedLesson(sql, { tutor: rated, student });
      await rateSession({ db: sql, viewer: student.viewer, sessionId: lesson.sessionId, input: { stars, comment: null }, now: new Date() });
      lessons.push(lesson);
    }
    const cache = async () => {
      const [row] = await sql<{ rating_average: string | null; rating_count: number | null }[]>`
        select rating_average, rating_count from public.tutor_profiles where tutor_id = ${rated.id}`;
      return { average: row?.rating_average === null ? null : Number(row?.rating_average), count: row?.rating_count ?? null };
    };
    expect(await cache()).toEqual({ average: 4, count: 4 });
    const { dispute } = await openDispute({
      db: sql,
      viewer: student.viewer,
      sessionId: lessons[3]!.sessionId,
      input: { kind: "lesson_problem", description: "The tutor was distracted the whole time." },
      now: new Date(),
    });
    // While disputed the rating is not public.
    expect(await cache()).toEqual({ average: 5, count: 3 });
    // …and cannot be changed.
    await expect(
      rateSession({
        db: sql,
        viewer: student.viewer,
        sessionId: lessons[3]!.sessionId,
        input: { stars: 5, comment: null },
        now: new Date(),
      }),
    ).rejects.toMatchObject({ code: "conflict", details: { reason: "disputed" } });
    await decideDispute({
      db: sql,
      viewer: admin.viewer,
      disputeId: dispute.id,
      input: { outcome: "refund_partial", amount_cents: 5000, reason: "Half the lesson." },
      now: new Date(),
    });
    expect(await cache()).toEqual({ average: 5, count: 3 });

    const { dispute: released } = await openDispute({
      db: sql,
      viewer: student.viewer,
      sessionId: lessons[0]!.sessionId,
      input: { kind: "lesson_problem", description: "Second thoughts about this lesson." },
      now: new Date(),
    });
    expect(await cache()).toEqual({ average: null, count: null });
    await decideDispute({
      db: sql,
      viewer: admin.viewer,
      disputeId: released.id,
      input: { outcome: "release", reason: "Nothing wrong." },
      now: new Date(),
    });
    expect(await cache()).toEqual({ average: 5, count: 3 });
  });
});
