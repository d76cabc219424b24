import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as zoomCallbackGET } from "@/app/api/auth/zoom/callback/route";
import { GET as zoomConnectGET } from "@/app/api/auth/zoom/connect/route";
import { GET, POST } from "@/app/api/sessions/[id]/cancel/route";
import { cancelSession } from "@/lib/bookings/cancel-session";
import { retryMeetingDeletions } from "@/lib/jobs/retry-meeting-deletions";
import { createSessionForBooking, processDueCharges } from "@/lib/sessions";
import { connectThroughFake } from "../fakes/oauth-driver";
import { startProviderFakes, type TProviderFakes } from "../fakes/start-fakes";
import { testDb } from "../support/db";
import {
  apiRequest,
  cancelScheduledSessions,
  createBooking,
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
let fakes: TProviderFakes;
let tutor: TTestUser;
let otherStudent: TTestUser;
const tutorsToClean: string[] = [];
const HOUR = 60;
// Route tests use the wall clock (the route reads it); each lesson gets its own day from tomorrow on.
let day = 3;
const nextStart = () => minutesFrom(new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000), 24 * 60 * day++);

/** A fresh student per case: the decision rate limit (10 a minute) is per user. */
async function freshStudent(): Promise<{ user: TTestUser; token: string }> {
  const user = await createUser(sql, { role: "student" });
  return { user, token: await signIn(user) };
}

async function footprint(sessionId: string) {
  const [row] = await sql`
    select s.status, s.cancelled_at, s.charged_at, s.charge_cents, s.updated_at, b.status as booking_status,
           (select count(*)::int from public.ledger_entries l where l.session_id = s.id) as ledger_rows,
           (select count(*)::int from public.session_events e where e.session_id = s.id) as events,
           (select count(*)::int from public.session_meeting_cleanups c where c.session_id = s.id) as cleanups
    from public.sessions s join public.bookings b on b.id = s.booking_id where s.id = ${sessionId}`;
  return row;
}

const post = (id: string, options: { token?: string | null; body?: unknown; rawBody?: string }) =>
  POST(apiRequest(`/api/sessions/${id}/cancel`, options), idParams(id)).then(readResponse);
const get = (id: string, token: string | null) =>
  GET(apiRequest(`/api/sessions/${id}/cancel`, { method: "GET", token }), idParams(id)).then(readResponse);

beforeAll(async () => {
  sql = testDb();
  fakes = await startProviderFakes();
  Object.assign(process.env, fakes.env);
  fakes.zoom.state.allowedRedirectUris = [`${process.env.APP_URL ?? ""}/api/auth/zoom/callback`];
  tutor = await createTutor(sql);
  otherStudent = await createUser(sql, { role: "student" });
  tutorsToClean.push(tutor.id);
});

afterAll(async () => {
  await cancelScheduledSessions(sql, tutorsToClean);
  await fakes.stop();
  await sql.end();
});

describe("GET /api/sessions/[id]/cancel", () => {
  it("previews the free and the late outcome with amounts, writing nothing", async () => {
    const { user, token } = await freshStudent();
    const free = await createSessionAt(sql, { tutor, student: user, startAt: nextStart() });
    const before = await footprint(free.sessionId);
    const preview = await get(free.sessionId, token);
    expect(preview.status).toBe(200);
    expect(preview.body.cancellation).toMatchObject({ allowed: true, policy: "free", charge_cents: 0, currency: "TTD" });
    expect(await footprint(free.sessionId)).toEqual(before);

    const lateStart = minutesFrom(new Date(), 2 * HOUR);
    const late = await createSessionAt(sql, { tutor, student: user, startAt: lateStart, priceCents: 12_000 });
    const latePreview = await get(late.sessionId, token);
    expect(latePreview.body.cancellation).toMatchObject({
      allowed: true,
      policy: "late",
      charge_cents: 6000,
      payout_cents: null,
      platform_fee_cents: null,
    });
    const tutorPreview = await get(late.sessionId, await signIn(tutor));
    expect(tutorPreview.body.cancellation).toMatchObject({ policy: "tutor", charge_cents: 0, payout_cents: 0, platform_fee_cents: null });
  });

  it("answers 401 anonymous, 404 another user, 422 a bad id", async () => {
    const { user } = await freshStudent();
    const { sessionId } = await createSessionAt(sql, { tutor, student: user, startAt: nextStart() });
    expect(await get(sessionId, null)).toMatchObject({ status: 401, code: "unauthorized" });
    expect(await get(sessionId, await signIn(otherStudent))).toMatchObject({ status: 404, code: "not_found" });
    expect(await get("not-a-uuid", await signIn(otherStudent))).toMatchObject({ status: 422, code: "invalid_input" });
  });
});

describe("the policy through the route, per actor, either side of the free-window boundary", () => {
  it("student and parent: free just before the boundary, late just after; tutor and admin free on both sides", async () => {
    const { user, token } = await freshStudent();
    const parent = await createParentOf(sql, user);
    const admin = await createUser(sql, { role: "admin" });
    // Two minutes either side of "24 hours from now": the route reads the wall clock.
    // Three-minute lessons, so the two don't overlap.
    const free = await createSessionAt(sql, { tutor, student: user, startAt: minutesFrom(new Date(), 24 * HOUR + 2), durationMinutes: 3 });
    const late = await createSessionAt(sql, { tutor, student: user, startAt: minutesFrom(new Date(), 24 * HOUR - 2), durationMinutes: 3 });
    const tokens = { student: token, parent: await signIn(parent), tutor: await signIn(tutor), admin: await signIn(admin) };
    const expected = {
      student: ["free", "late"],
      parent: ["free", "late"],
      tutor: ["tutor", "tutor"],
      admin: ["admin", "admin"],
    } as const;
    for (const [actor, actorToken] of Object.entries(tokens) as [keyof typeof tokens, string][]) {
      const [freePolicy, latePolicy] = expected[actor];
      expect((await get(free.sessionId, actorToken)).body.cancellation).toMatchObject({
        allowed: true,
        actor,
        policy: freePolicy,
        charge_cents: 0,
      });
      expect((await get(late.sessionId, actorToken)).body.cancellation).toMatchObject({
        allowed: true,
        actor,
        policy: latePolicy,
        charge_cents: latePolicy === "late" ? 5000 : 0,
      });
    }
    const byParent = await post(late.sessionId, { token: tokens.parent, body: { reason: "Clash with school" } });
    expect(byParent).toMatchObject({
      status: 200,
      body: { cancellation: { policy: "late", actor: "parent", charge_cents: 5000, payout_cents: null } },
    });
    const byAdmin = await post(free.sessionId, { token: tokens.admin, body: {} });
    expect(byAdmin).toMatchObject({
      status: 200,
      body: { cancellation: { policy: "admin", platform_fee_cents: 0 }, session: { status: "CANCELLED" } },
    });
  });
});

describe("POST /api/sessions/[id]/cancel", () => {
  it("cancels late with the amounts the preview showed, the reason audited", async () => {
    const { user, token } = await freshStudent();
    const { sessionId } = await createSessionAt(sql, { tutor, student: user, startAt: minutesFrom(new Date(), 3 * HOUR) });
    const preview = await get(sessionId, token);
    const result = await post(sessionId, { token, body: { reason: "Exam moved" } });
    expect(result.status).toBe(200);
    expect(result.body.cancellation).toEqual(preview.body.cancellation);
    expect(result.body).toMatchObject({ session: { id: sessionId, status: "CANCELLED_LATE" }, meeting: "deleted" });
    expect(await footprint(sessionId)).toMatchObject({
      status: "CANCELLED_LATE",
      charge_cents: "5000",
      ledger_rows: 3,
      booking_status: "cancelled",
    });
    const [event] = await sql`select payload from public.session_events where session_id = ${sessionId} and type = 'session.cancelled'`;
    expect(event?.payload).toMatchObject({ reason: "Exam moved", policy: "late" });
  });

  it("refuses with status and code, never a 500, and writes nothing", async () => {
    const { user, token } = await freshStudent();
    const upcoming = await createSessionAt(sql, { tutor, student: user, startAt: nextStart() });
    const started = await createSessionAt(sql, { tutor, student: user, startAt: minutesFrom(new Date(), -10) });
    const charged = await createSessionAt(sql, { tutor, student: user, startAt: minutesFrom(new Date(), -30 * 24 * HOUR) });
    await processDueCharges({ db: sql, now: new Date() });
    const before = await Promise.all([upcoming, started, charged].map((s) => footprint(s.sessionId)));
    expect(before[2]?.status).toBe("COMPLETED_ASSUMED");

    expect(await post(upcoming.sessionId, { token: null })).toMatchObject({ status: 401, code: "unauthorized" });
    expect(await post(upcoming.sessionId, { token: await signIn(otherStudent) })).toMatchObject({ status: 404, code: "not_found" });
    expect(await post(upcoming.sessionId, { token, body: { reason: "x".repeat(501) } })).toMatchObject({
      status: 422,
      code: "invalid_input",
    });
    expect(await post(upcoming.sessionId, { token, body: { reason: 5 } })).toMatchObject({ status: 422, code: "invalid_input" });
    expect(await post(upcoming.sessionId, { token, body: { amount: 0 } })).toMatchObject({ status: 422, code: "invalid_input" });
    expect(await post(upcoming.sessionId, { token, rawBody: "{oops" })).toMatchObject({ status: 400, code: "bad_request" });
    expect(await post(started.sessionId, { token })).toMatchObject({ status: 409, code: "too_late" });
    expect(await post(charged.sessionId, { token })).toMatchObject({ status: 409, code: "conflict" });
    expect(await Promise.all([upcoming, started, charged].map((s) => footprint(s.sessionId)))).toEqual(before);

    expect(await post(upcoming.sessionId, { token })).toMatchObject({ status: 200 });
    const after = await footprint(upcoming.sessionId);
    expect(await post(upcoming.sessionId, { token })).toMatchObject({ status: 409, code: "already_done" });
    expect(await footprint(upcoming.sessionId)).toEqual(after);
  });
});

describe("the provider meeting", () => {
  async function zoomLesson(student: TTestUser) {
    const zoomTutor = await createTutor(sql, { withVideo: false });
    tutorsToClean.push(zoomTutor.id);
    const { outcome } = await connectThroughFake({
      appUrl: process.env.APP_URL ?? "",
      connect: zoomConnectGET,
      callback: zoomCallbackGET,
      approve: (url) => fakes.zoom.approve(url),
      token: await signIn(zoomTutor),
      connectPath: "/api/auth/zoom/connect",
    });
    expect(outcome.searchParams.get("connected")).toBe("zoom");
    const { bookingId } = await createBooking(sql, { tutor: zoomTutor, student, startAt: nextStart() });
    const { session } = await createSessionForBooking({ db: sql, viewer: zoomTutor.viewer, bookingId, now: new Date() });
    const [link] = await sql<{ meeting_external_id: string }[]>`
      select meeting_external_id from public.session_meeting_links where session_id = ${session.id}`;
    const meetingId = link?.meeting_external_id ?? "";
    expect(fakes.zoom.state.meetings.has(meetingId)).toBe(true);
    return { sessionId: session.id, meetingId, zoomTutor };
  }

  it("is deleted at Zoom when the lesson is cancelled", async () => {
    const { user } = await freshStudent();
    const { sessionId, meetingId } = await zoomLesson(user);
    const result = await cancelSession({ db: sql, viewer: user.viewer, sessionId, now: new Date() });
    expect(result.meeting).toBe("deleted");
    expect(fakes.zoom.state.meetings.has(meetingId)).toBe(false);
    expect(fakes.zoom.state.apiCalls.some((call) => call.method === "DELETE" && call.path.endsWith(`/meetings/${meetingId}`))).toBe(true);
  });

  it("a failing delete never blocks the cancellation; the cron step retries it with backoff", async () => {
    const { user } = await freshStudent();
    const { sessionId, meetingId } = await zoomLesson(user);
    fakes.zoom.state.failingDeletes = 2;
    const now = new Date();
    const result = await cancelSession({ db: sql, viewer: user.viewer, sessionId, now });
    expect(result).toMatchObject({ meeting: "queued", session: { status: "CANCELLED" } });
    expect(await footprint(sessionId)).toMatchObject({ status: "CANCELLED", booking_status: "cancelled", cleanups: 1 });
    expect(fakes.zoom.state.meetings.has(meetingId)).toBe(true);
    const [queued] =
      await sql`select attempts, next_attempt_at, last_error from public.session_meeting_cleanups where session_id = ${sessionId}`;
    expect(queued).toMatchObject({ attempts: 1, next_attempt_at: minutesFrom(now, 2) });
    expect(String(queued?.last_error)).toMatch(/500|outage/i);

    // Not before its time; then one more failure backs off 4 minutes; then it succeeds.
    expect(await retryMeetingDeletions({ db: sql, now: minutesFrom(now, 1) })).toEqual({ deleted: 0, retrying: 0, gaveUp: 0 });
    expect(await retryMeetingDeletions({ db: sql, now: minutesFrom(now, 2) })).toEqual({ deleted: 0, retrying: 1, gaveUp: 0 });
    const [backedOff] = await sql`select attempts, next_attempt_at from public.session_meeting_cleanups where session_id = ${sessionId}`;
    expect(backedOff).toMatchObject({ attempts: 2, next_attempt_at: minutesFrom(now, 2 + 4) });
    expect(fakes.zoom.state.meetings.has(meetingId)).toBe(true);
    expect(await retryMeetingDeletions({ db: sql, now: minutesFrom(now, 6) })).toEqual({ deleted: 1, retrying: 0, gaveUp: 0 });
    expect(fakes.zoom.state.meetings.has(meetingId)).toBe(false);
    const [done] = await sql`select completed_at from public.session_meeting_cleanups where session_id = ${sessionId}`;
    expect(done?.completed_at).toEqual(minutesFrom(now, 6));
    const [event] =
      await sql`select actor_role from public.session_events where session_id = ${sessionId} and type = 'session.meeting_deleted'`;
    expect(event?.actor_role).toBe("system");
    expect(await retryMeetingDeletions({ db: sql, now: minutesFrom(now, 60) })).toEqual({ deleted: 0, retrying: 0, gaveUp: 0 });
    expect(await footprint(sessionId)).toMatchObject({ status: "CANCELLED" });
  });
});
