import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideEarlyEnd } from "@/lib/admin/decide-early-end";
import { listDisputeQueue } from "@/lib/admin/list-dispute-queue";
import { listEarlyEndQueue } from "@/lib/admin/list-early-end-queue";
import { listFailedPayments } from "@/lib/admin/list-failed-payments";
import { decideDispute } from "@/lib/disputes/decide-dispute";
import { getSessionDispute } from "@/lib/disputes/get-session-dispute";
import { openDispute } from "@/lib/disputes/open-dispute";
import { testDb } from "../support/db";
import { createChargedLesson, createEarlyEndLesson } from "../support/dispute-fixtures";
import { createParentOf, createTutor, createUser, type TTestUser } from "../support/factories";

let sql: Sql;
let tutor: TTestUser;
let student: TTestUser;
let admin: TTestUser;

beforeAll(async () => {
  sql = testDb();
  tutor = await createTutor(sql);
  student = await createUser(sql, { role: "student" });
  admin = await createUser(sql, { role: "admin" });
});

afterAll(async () => {
  await sql.end();
});

describe("the admin queues", () => {
  it("lists open disputes with the description, join evidence and amounts, and drops them once decided", async () => {
    const lesson = await createChargedLesson(sql, { tutor, student, studentJoined: true, tutorJoined: true });
    const { dispute } = await openDispute({
      db: sql,
      viewer: student.viewer,
      sessionId: lesson.sessionId,
      input: { kind: "tutor_no_show", description: "The tutor left after two minutes." },
      now: new Date(),
    });
    const queue = await listDisputeQueue({ db: sql, viewer: admin.viewer, now: new Date() });
    const item = queue.items.find((entry) => entry.dispute.id === dispute.id);
    expect(item).toMatchObject({
      dispute: { description: "The tutor left after two minutes.", status: "open" },
      session: { chargeCents: 10_000, payoutCents: 9000, platformFeeCents: 1000 },
      refundedCents: 0,
      refundableCents: 10_000,
    });
    expect(item?.evidence.studentJoinedAt).toBeInstanceOf(Date);
    expect(item?.evidence.tutorJoinedAt).toBeInstanceOf(Date);
    await decideDispute({
      db: sql,
      viewer: admin.viewer,
      disputeId: dispute.id,
      input: { outcome: "release", reason: "The tutor joined." },
      now: new Date(),
    });
    const after = await listDisputeQueue({ db: sql, viewer: admin.viewer, now: new Date() });
    expect(after.items.some((entry) => entry.dispute.id === dispute.id)).toBe(false);
  });

  it("lists unresolved early ends with held minutes and the three outcomes' amounts", async () => {
    const lesson = await createEarlyEndLesson(sql, { tutor, student, heldMinutes: 12 });
    const queue = await listEarlyEndQueue({ db: sql, viewer: admin.viewer, now: new Date() });
    const item = queue.items.find((entry) => entry.session.id === lesson.sessionId);
    expect(item?.heldMinutes).toBe(12);
    expect(item?.splits.charge_pro_rata).toEqual({ chargeCents: 2000, payoutCents: 1800, platformFeeCents: 200 });
    expect(item?.splits.charge_full.chargeCents).toBe(10_000);
    await decideEarlyEnd({
      db: sql,
      viewer: admin.viewer,
      sessionId: lesson.sessionId,
      input: { outcome: "no_charge", reason: "Provider outage." },
      now: new Date(),
    });
    const after = await listEarlyEndQueue({ db: sql, viewer: admin.viewer, now: new Date() });
    expect(after.items.some((entry) => entry.session.id === lesson.sessionId)).toBe(false);
  });

  it("lists failed payment attempts", async () => {
    const lesson = await createChargedLesson(sql, { tutor, student });
    await sql`update public.payment_attempts set status = 'failed', attempt_count = 4, last_error_code = 'card_declined', last_error_message = 'Declined'
              where session_id = ${lesson.sessionId} and kind = 'charge'`;
    const { items } = await listFailedPayments({ db: sql, viewer: admin.viewer });
    expect(items.find((item) => item.sessionId === lesson.sessionId)).toMatchObject({
      kind: "charge",
      amountCents: 10_000,
      attemptCount: 4,
      lastErrorCode: "card_declined",
    });
  });

  it("is for admins only", async () => {
    await expect(listDisputeQueue({ db: sql, viewer: tutor.viewer, now: new Date() })).rejects.toMatchObject({ code: "forbidden" });
    await expect(listEarlyEndQueue({ db: sql, viewer: student.viewer, now: new Date() })).rejects.toMatchObject({ code: "forbidden" });
    await expect(listFailedPayments({ db: sql, viewer: student.viewer })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("the booking page's dispute view", () => {
  it("the payer's side may report within the window; the tutor sees it and may answer; others see nothing", async () => {
    const parent = await createParentOf(sql, student);
    const lesson = await createChargedLesson(sql, { tutor, student });
    const asStudent = await getSessionDispute({ db: sql, viewer: student.viewer, sessionId: lesson.sessionId, now: new Date() });
    expect(asStudent).toMatchObject({ dispute: null, canOpen: true, canRespond: false, windowEndsAt: lesson.releaseAt });
    expect((await getSessionDispute({ db: sql, viewer: parent.viewer, sessionId: lesson.sessionId, now: new Date() })).canOpen).toBe(true);
    expect((await getSessionDispute({ db: sql, viewer: tutor.viewer, sessionId: lesson.sessionId, now: new Date() })).canOpen).toBe(false);
    expect(
      (await getSessionDispute({ db: sql, viewer: student.viewer, sessionId: lesson.sessionId, now: new Date(lesson.releaseAt.getTime()) }))
        .canOpen,
    ).toBe(false);
    const { dispute } = await openDispute({
      db: sql,
      viewer: parent.viewer,
      sessionId: lesson.sessionId,
      input: { kind: "lesson_problem", description: "The tutor's camera and sound never worked." },
      now: new Date(),
    });
    const asTutor = await getSessionDispute({ db: sql, viewer: tutor.viewer, sessionId: lesson.sessionId, now: new Date() });
    expect(asTutor).toMatchObject({ dispute: { id: dispute.id }, canRespond: true, canOpen: false });
    const other = await createUser(sql, { role: "student" });
    await expect(getSessionDispute({ db: sql, viewer: other.viewer, sessionId: lesson.sessionId, now: new Date() })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
