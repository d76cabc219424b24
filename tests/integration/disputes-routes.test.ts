import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as decide } from "@/app/api/admin/disputes/[id]/decision/route";
import { POST as decideEarlyEnd } from "@/app/api/admin/sessions/[id]/early-end-decision/route";
import { POST as respond } from "@/app/api/disputes/[id]/response/route";
import { POST as open } from "@/app/api/sessions/[id]/disputes/route";
import { testDb } from "../support/db";
import { createChargedLesson, createEarlyEndLesson, ledgerTotals } from "../support/dispute-fixtures";
import {
  apiRequest,
  cancelScheduledSessions,
  createParentOf,
  createSessionAt,
  createTutor,
  createUser,
  idParams,
  minutesFrom,
  readResponse,
  signIn,
  type TTestUser,
} from "../support/factories";

let sql: Sql;
let tutor: TTestUser;
let otherTutor: TTestUser;
let student: TTestUser;
let otherStudent: TTestUser;
const tutorsToClean: string[] = [];
const HOUR_MS = 3_600_000;
const UNKNOWN = "00000000-0000-4000-8000-000000000000";
const description = "The tutor did not show up at all for the lesson.";

type TCall = { token?: string | null; body?: unknown; rawBody?: string };
const postOpen = (id: string, options: TCall) => open(apiRequest(`/api/sessions/${id}/disputes`, options), idParams(id)).then(readResponse);
const postRespond = (id: string, options: TCall) =>
  respond(apiRequest(`/api/disputes/${id}/response`, options), idParams(id)).then(readResponse);
const postDecide = (id: string, options: TCall) =>
  decide(apiRequest(`/api/admin/disputes/${id}/decision`, options), idParams(id)).then(readResponse);
const postEarlyEnd = (id: string, options: TCall) =>
  decideEarlyEnd(apiRequest(`/api/admin/sessions/${id}/early-end-decision`, options), idParams(id)).then(readResponse);

/** Everything a dispute call could write about a lesson. */
async function footprint(sessionId: string) {
  const [row] = await sql`
    select s.status, s.early_end_resolution, s.updated_at,
      (select count(*)::int from public.disputes d where d.session_id = s.id) as disputes,
      (select count(*)::int from public.ledger_entries l where l.session_id = s.id) as ledger_rows,
      (select string_agg(l.status, ',' order by l.kind) from public.ledger_entries l where l.session_id = s.id) as ledger_statuses,
      (select count(*)::int from public.session_events e where e.session_id = s.id) as events,
      (select count(*)::int from public.admin_decisions a where a.session_id = s.id) as decisions,
      (select count(*)::int from public.payment_attempts p where p.session_id = s.id) as attempts,
      (select coalesce(max(d.updated_at), 'epoch') from public.disputes d where d.session_id = s.id) as dispute_updated_at
    from public.sessions s where s.id = ${sessionId}`;
  return row;
}

async function freshAdmin(): Promise<{ user: TTestUser; token: string }> {
  const user = await createUser(sql, { role: "admin" });
  return { user, token: await signIn(user) };
}

beforeAll(async () => {
  sql = testDb();
  tutor = await createTutor(sql);
  otherTutor = await createTutor(sql);
  student = await createUser(sql, { role: "student" });
  otherStudent = await createUser(sql, { role: "student" });
  tutorsToClean.push(tutor.id, otherTutor.id);
});

afterAll(async () => {
  await cancelScheduledSessions(sql, tutorsToClean);
  await sql.end();
});

type TRejection = { name: string; call: () => Promise<{ status: number; code: string | undefined }>; status: number; code: string };

/** Each call answers its status and code (named, so a failure says which case). */
async function expectRejections(cases: readonly TRejection[]): Promise<void> {
  for (const testCase of cases) {
    const result = await testCase.call();
    expect({ name: testCase.name, status: result.status, code: result.code }).toEqual({
      name: testCase.name,
      status: testCase.status,
      code: testCase.code,
    });
  }
}

describe("POST /api/sessions/:id/disputes", () => {
  it("201 {dispute: {id, status}} for the student; accepted at once on clear evidence", async () => {
    const lesson = await createChargedLesson(sql, { tutor, student, studentJoined: true });
    const result = await postOpen(lesson.sessionId, { token: await signIn(student), body: { kind: "tutor_no_show", description } });
    expect(result.status).toBe(201);
    expect(result.body.dispute).toMatchObject({ id: expect.any(String), status: "accepted" });
    const parentLesson = await createChargedLesson(sql, { tutor, student });
    const parent = await createParentOf(sql, student);
    const byParent = await postOpen(parentLesson.sessionId, { token: await signIn(parent), body: { kind: "lesson_problem", description } });
    expect(byParent.status).toBe(201);
    expect(byParent.body.dispute).toMatchObject({ status: "open" });
  });

  it("refuses every bad input with a clear 4xx and writes nothing", async () => {
    const lesson = await createChargedLesson(sql, { tutor, student });
    const before = await footprint(lesson.sessionId);
    const token = await signIn(student);
    const unapprovedParent = await createParentOf(sql, student, { approved: false });
    const admin = await freshAdmin();
    const good = { kind: "lesson_problem", description };
    const cases: TRejection[] = [
      { name: "signed out", call: () => postOpen(lesson.sessionId, { body: good }), status: 401, code: "unauthorized" },
      { name: "bad id", call: () => postOpen("nope", { token, body: good }), status: 422, code: "invalid_input" },
      { name: "malformed JSON", call: () => postOpen(lesson.sessionId, { token, rawBody: "{" }), status: 400, code: "bad_request" },
      { name: "no body", call: () => postOpen(lesson.sessionId, { token }), status: 422, code: "invalid_input" },
      {
        name: "unknown kind",
        call: () => postOpen(lesson.sessionId, { token, body: { ...good, kind: "refund" } }),
        status: 422,
        code: "invalid_input",
      },
      {
        name: "short description",
        call: () => postOpen(lesson.sessionId, { token, body: { ...good, description: "bad      " } }),
        status: 422,
        code: "invalid_input",
      },
      {
        name: "long description",
        call: () => postOpen(lesson.sessionId, { token, body: { ...good, description: "x".repeat(2001) } }),
        status: 422,
        code: "invalid_input",
      },
      {
        name: "extra field",
        call: () => postOpen(lesson.sessionId, { token, body: { ...good, amount_cents: 1 } }),
        status: 422,
        code: "invalid_input",
      },
      { name: "unknown session", call: () => postOpen(UNKNOWN, { token, body: good }), status: 404, code: "not_found" },
      {
        name: "another student's lesson",
        call: async () => postOpen(lesson.sessionId, { token: await signIn(otherStudent), body: good }),
        status: 404,
        code: "not_found",
      },
      {
        name: "another tutor",
        call: async () => postOpen(lesson.sessionId, { token: await signIn(otherTutor), body: good }),
        status: 404,
        code: "not_found",
      },
      {
        name: "an unapproved parent",
        call: async () => postOpen(lesson.sessionId, { token: await signIn(unapprovedParent), body: good }),
        status: 404,
        code: "not_found",
      },
      {
        name: "the lesson's tutor",
        call: async () => postOpen(lesson.sessionId, { token: await signIn(tutor), body: good }),
        status: 403,
        code: "forbidden",
      },
      { name: "an admin", call: () => postOpen(lesson.sessionId, { token: admin.token, body: good }), status: 403, code: "forbidden" },
    ];
    await expectRejections(cases);
    expect(await footprint(lesson.sessionId)).toEqual(before);
  });

  it("refuses lessons that are not charged, not disputable, past the window, released or already disputed", async () => {
    const token = await signIn(student);
    const body = { kind: "tutor_no_show", description };
    const scheduled = await createSessionAt(sql, { tutor, student, startAt: minutesFrom(new Date(), 3 * 24 * 60) });
    const early = await createEarlyEndLesson(sql, { tutor, student, heldMinutes: 10 });
    const late = await createChargedLesson(sql, { tutor, student, releaseAt: new Date(Date.now() - 1000) });
    const released = await createChargedLesson(sql, { tutor, student });
    await sql`update public.ledger_entries set status = 'released', released_at = now() where session_id = ${released.sessionId} and kind = 'payout'`;
    const disputed = await createChargedLesson(sql, { tutor, student });
    expect((await postOpen(disputed.sessionId, { token, body: { kind: "lesson_problem", description } })).status).toBe(201);
    const cases = [
      { sessionId: scheduled.sessionId, status: 409, code: "too_early" },
      { sessionId: early.sessionId, status: 409, code: "conflict" },
      { sessionId: late.sessionId, status: 409, code: "too_late" },
      { sessionId: released.sessionId, status: 409, code: "too_late" },
      { sessionId: disputed.sessionId, status: 409, code: "already_done" },
    ];
    for (const testCase of cases) {
      const before = await footprint(testCase.sessionId);
      const result = await postOpen(testCase.sessionId, { token, body });
      expect({ status: result.status, code: result.code }).toEqual({ status: testCase.status, code: testCase.code });
      expect(await footprint(testCase.sessionId)).toEqual(before);
    }
    const lateBody = await postOpen(late.sessionId, { token, body });
    expect((lateBody.body.error as { reason: string }).reason).toBe("window_closed");
  });
});

describe("POST /api/disputes/:id/response", () => {
  async function openDisputeFor(): Promise<{ sessionId: string; disputeId: string }> {
    const lesson = await createChargedLesson(sql, { tutor, student });
    const opened = await postOpen(lesson.sessionId, { token: await signIn(student), body: { kind: "lesson_problem", description } });
    return { sessionId: lesson.sessionId, disputeId: (opened.body.dispute as { id: string }).id };
  }

  it("200 for the lesson's tutor, once; every other caller and body refused, nothing written", async () => {
    const { sessionId, disputeId } = await openDisputeFor();
    const before = await footprint(sessionId);
    const tutorToken = await signIn(tutor);
    const good = { response: "We did the whole lesson; here is what we covered." };
    const cases = [
      { name: "signed out", call: () => postRespond(disputeId, { body: good }), status: 401, code: "unauthorized" },
      { name: "bad id", call: () => postRespond("nope", { token: tutorToken, body: good }), status: 422, code: "invalid_input" },
      { name: "malformed JSON", call: () => postRespond(disputeId, { token: tutorToken, rawBody: "[" }), status: 400, code: "bad_request" },
      {
        name: "empty response",
        call: () => postRespond(disputeId, { token: tutorToken, body: { response: "  " } }),
        status: 422,
        code: "invalid_input",
      },
      {
        name: "extra field",
        call: () => postRespond(disputeId, { token: tutorToken, body: { ...good, status: "resolved" } }),
        status: 422,
        code: "invalid_input",
      },
      { name: "unknown dispute", call: () => postRespond(UNKNOWN, { token: tutorToken, body: good }), status: 404, code: "not_found" },
      {
        name: "another tutor",
        call: async () => postRespond(disputeId, { token: await signIn(otherTutor), body: good }),
        status: 404,
        code: "not_found",
      },
      {
        name: "another student",
        call: async () => postRespond(disputeId, { token: await signIn(otherStudent), body: good }),
        status: 404,
        code: "not_found",
      },
      {
        name: "the student",
        call: async () => postRespond(disputeId, { token: await signIn(student), body: good }),
        status: 403,
        code: "forbidden",
      },
    ];
    await expectRejections(cases);
    expect(await footprint(sessionId)).toEqual(before);
    const ok = await postRespond(disputeId, { token: tutorToken, body: good });
    expect(ok.status).toBe(200);
    expect(ok.body.dispute).toMatchObject({ id: disputeId, status: "responded" });
    const answered = await footprint(sessionId);
    expect(await postRespond(disputeId, { token: tutorToken, body: good })).toMatchObject({ status: 409, code: "already_done" });
    expect(await footprint(sessionId)).toEqual(answered);
  });

  it("409 too_late after respond_by; 409 conflict once decided", async () => {
    const tutorToken = await signIn(tutor);
    const late = await openDisputeFor();
    await sql`update public.disputes set respond_by = now() - interval '1 minute' where id = ${late.disputeId}`;
    const before = await footprint(late.sessionId);
    expect(await postRespond(late.disputeId, { token: tutorToken, body: { response: "sorry" } })).toMatchObject({
      status: 409,
      code: "too_late",
    });
    expect(await footprint(late.sessionId)).toEqual(before);
    const decided = await openDisputeFor();
    const admin = await freshAdmin();
    expect((await postDecide(decided.disputeId, { token: admin.token, body: { outcome: "release", reason: "Fine." } })).status).toBe(200);
    expect(await postRespond(decided.disputeId, { token: tutorToken, body: { response: "late" } })).toMatchObject({
      status: 409,
      code: "conflict",
    });
  });
});

describe("POST /api/admin/disputes/:id/decision", () => {
  it("admins only; bad bodies and amounts refused; nothing written; a second decision is 409", async () => {
    const lesson = await createChargedLesson(sql, { tutor, student });
    const opened = await postOpen(lesson.sessionId, { token: await signIn(student), body: { kind: "lesson_problem", description } });
    const disputeId = (opened.body.dispute as { id: string }).id;
    const before = await footprint(lesson.sessionId);
    const admin = await freshAdmin();
    const other = await freshAdmin();
    const good = { outcome: "refund_partial", amount_cents: 4000, reason: "Half the lesson was lost." };
    const cases = [
      { name: "signed out", call: () => postDecide(disputeId, { body: good }), status: 401, code: "unauthorized" },
      {
        name: "the student",
        call: async () => postDecide(disputeId, { token: await signIn(student), body: good }),
        status: 403,
        code: "forbidden",
      },
      {
        name: "the tutor",
        call: async () => postDecide(disputeId, { token: await signIn(tutor), body: good }),
        status: 403,
        code: "forbidden",
      },
      { name: "bad id", call: () => postDecide("nope", { token: admin.token, body: good }), status: 422, code: "invalid_input" },
      { name: "unknown dispute", call: () => postDecide(UNKNOWN, { token: admin.token, body: good }), status: 404, code: "not_found" },
      { name: "malformed JSON", call: () => postDecide(disputeId, { token: admin.token, rawBody: "x" }), status: 400, code: "bad_request" },
      {
        name: "unknown outcome",
        call: () => postDecide(disputeId, { token: admin.token, body: { ...good, outcome: "split" } }),
        status: 422,
        code: "invalid_input",
      },
      {
        name: "no reason",
        call: () => postDecide(disputeId, { token: admin.token, body: { outcome: "release" } }),
        status: 422,
        code: "invalid_input",
      },
      {
        name: "blank reason",
        call: () => postDecide(disputeId, { token: admin.token, body: { outcome: "release", reason: "   " } }),
        status: 422,
        code: "invalid_input",
      },
      {
        name: "partial without amount",
        call: () => postDecide(disputeId, { token: admin.token, body: { outcome: "refund_partial", reason: "x y z" } }),
        status: 422,
        code: "invalid_input",
      },
      {
        name: "zero amount",
        call: () => postDecide(disputeId, { token: admin.token, body: { ...good, amount_cents: 0 } }),
        status: 422,
        code: "invalid_input",
      },
      {
        name: "fractional amount",
        call: () => postDecide(disputeId, { token: admin.token, body: { ...good, amount_cents: 10.5 } }),
        status: 422,
        code: "invalid_input",
      },
      {
        name: "amount above the charge",
        call: () => postDecide(disputeId, { token: other.token, body: { ...good, amount_cents: 10_001 } }),
        status: 422,
        code: "invalid_input",
      },
      {
        name: "amount on a release",
        call: () => postDecide(disputeId, { token: other.token, body: { outcome: "release", amount_cents: 5, reason: "x y z" } }),
        status: 422,
        code: "invalid_input",
      },
    ];
    await expectRejections(cases);
    expect(await footprint(lesson.sessionId)).toEqual(before);
    const third = await freshAdmin();
    const ok = await postDecide(disputeId, { token: third.token, body: good });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      dispute: { status: "resolved", outcome: "refund_partial", refund_cents: 4000 },
      refund: { amount_cents: 4000 },
    });
    const decided = await footprint(lesson.sessionId);
    expect(await postDecide(disputeId, { token: third.token, body: good })).toMatchObject({ status: 409, code: "already_done" });
    expect(await postDecide(disputeId, { token: third.token, body: { outcome: "refund_full", reason: "more" } })).toMatchObject({
      status: 409,
      code: "already_done",
    });
    expect(await footprint(lesson.sessionId)).toEqual(decided);
    expect((await ledgerTotals(sql, lesson.sessionId)).refund).toBe(4000);
  });

  it("an accepted dispute cannot be decided again (409)", async () => {
    const lesson = await createChargedLesson(sql, { tutor, student, studentJoined: true });
    const opened = await postOpen(lesson.sessionId, { token: await signIn(student), body: { kind: "tutor_no_show", description } });
    const disputeId = (opened.body.dispute as { id: string }).id;
    const admin = await freshAdmin();
    expect(await postDecide(disputeId, { token: admin.token, body: { outcome: "release", reason: "undo" } })).toMatchObject({
      status: 409,
      code: "already_done",
    });
    expect((await ledgerTotals(sql, lesson.sessionId)).payoutStatus).toBe("void");
  });
});

describe("POST /api/admin/sessions/:id/early-end-decision", () => {
  it("admins only, a known outcome and a reason; only EARLY_END_SHORT; nothing written on refusal", async () => {
    const lesson = await createEarlyEndLesson(sql, { tutor, student, heldMinutes: 15 });
    const completed = await createChargedLesson(sql, { tutor, student });
    const before = await footprint(lesson.sessionId);
    const admin = await freshAdmin();
    const good = { outcome: "charge_pro_rata", reason: "Dropped after 15 minutes." };
    const cases = [
      { name: "signed out", call: () => postEarlyEnd(lesson.sessionId, { body: good }), status: 401, code: "unauthorized" },
      {
        name: "the student",
        call: async () => postEarlyEnd(lesson.sessionId, { token: await signIn(student), body: good }),
        status: 403,
        code: "forbidden",
      },
      {
        name: "the tutor",
        call: async () => postEarlyEnd(lesson.sessionId, { token: await signIn(tutor), body: good }),
        status: 403,
        code: "forbidden",
      },
      { name: "bad id", call: () => postEarlyEnd("nope", { token: admin.token, body: good }), status: 422, code: "invalid_input" },
      { name: "unknown session", call: () => postEarlyEnd(UNKNOWN, { token: admin.token, body: good }), status: 404, code: "not_found" },
      {
        name: "malformed JSON",
        call: () => postEarlyEnd(lesson.sessionId, { token: admin.token, rawBody: "{{" }),
        status: 400,
        code: "bad_request",
      },
      {
        name: "unknown outcome",
        call: () => postEarlyEnd(lesson.sessionId, { token: admin.token, body: { ...good, outcome: "charge_half" } }),
        status: 422,
        code: "invalid_input",
      },
      {
        name: "no reason",
        call: () => postEarlyEnd(lesson.sessionId, { token: admin.token, body: { outcome: "no_charge" } }),
        status: 422,
        code: "invalid_input",
      },
      {
        name: "extra field",
        call: () => postEarlyEnd(lesson.sessionId, { token: admin.token, body: { ...good, amount_cents: 1 } }),
        status: 422,
        code: "invalid_input",
      },
    ];
    await expectRejections(cases);
    expect(await footprint(lesson.sessionId)).toEqual(before);
    const completedBefore = await footprint(completed.sessionId);
    expect(await postEarlyEnd(completed.sessionId, { token: admin.token, body: good })).toMatchObject({ status: 409, code: "conflict" });
    expect(await footprint(completed.sessionId)).toEqual(completedBefore);
    const ok = await postEarlyEnd(lesson.sessionId, { token: admin.token, body: good });
    expect(ok.status).toBe(200);
    expect(ok.body.decision).toMatchObject({
      outcome: "charge_pro_rata",
      held_minutes: 15,
      charge_cents: 2500,
      payout_cents: 2250,
      platform_fee_cents: 250,
    });
    expect(new Date((ok.body.decision as { payout_release_at: string }).payout_release_at).getTime()).toBeGreaterThan(
      Date.now() + 23 * HOUR_MS,
    );
  });
});
