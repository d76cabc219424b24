import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as acceptRoute } from "@/app/api/reschedule-proposals/[id]/accept/route";
import { POST as declineRoute } from "@/app/api/reschedule-proposals/[id]/decline/route";
import { POST as proposeRoute } from "@/app/api/sessions/[id]/reschedule-proposals/route";
import { GET as slotsRoute } from "@/app/api/sessions/[id]/reschedule-slots/route";
import { AppError } from "@/lib/api/errors";
import { listOpenSlots } from "@/lib/availability/server";
import { acceptReschedule } from "@/lib/bookings/accept-reschedule";
import { listOpenProposals } from "@/lib/bookings/list-open-proposals";
import { proposeReschedule } from "@/lib/bookings/propose-reschedule";
import { asService } from "@/lib/db";
import { expireRescheduleProposals } from "@/lib/jobs/expire-reschedule-proposals";
import { testDb } from "../support/db";
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
import { hourFrom, openTutorAllWeek } from "../support/reschedule";

let sql: Sql;
let tutor: TTestUser;
let student: TTestUser;
let parent: TTestUser;
let stranger: TTestUser;
let admin: TTestUser;
const tokens: Record<string, string> = {};
const now = new Date();
let dayOffset = 1;
/**
 * A fresh session far from the others, so each test has its own free hours around it: at 16:00 UTC (noon in
 * the tutor's America/Port_of_Spain), never at the hour the suite happens to run, so the targets the tests
 * propose a few hours on never cross the tutor's local midnight (a slot never does).
 */
const nextSession = async (options: { startAt?: Date; forStudent?: TTestUser } = {}) => {
  dayOffset += 2;
  const startAt = options.startAt ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + dayOffset, 16));
  return { ...(await createSessionAt(sql, { tutor, student: options.forStudent ?? student, startAt })), startAt };
};

const propose = (sessionId: string, body: unknown, token?: string | null, rawBody?: string) =>
  proposeRoute(apiRequest(`/api/sessions/${sessionId}/reschedule-proposals`, { token, body, rawBody }), idParams(sessionId));
const accept = (proposalId: string, token?: string | null) =>
  acceptRoute(apiRequest(`/api/reschedule-proposals/${proposalId}/accept`, { token }), idParams(proposalId));
const decline = (proposalId: string, token?: string | null) =>
  declineRoute(apiRequest(`/api/reschedule-proposals/${proposalId}/decline`, { token }), idParams(proposalId));
const slots = (sessionId: string, token?: string | null, query = "") =>
  slotsRoute(apiRequest(`/api/sessions/${sessionId}/reschedule-slots${query}`, { method: "GET", token }), idParams(sessionId));

const proposalsOf = (sessionId: string) =>
  sql<{ id: string; status: string; start_at: Date }[]>`
    select id, status, start_at from public.reschedule_proposals where session_id = ${sessionId} order by created_at`;
const sessionEvents = (sessionId: string) =>
  sql<{ type: string; actor_role: string; payload: Record<string, unknown> }[]>`
    select type, actor_role, payload from public.session_events where session_id = ${sessionId} order by id`;
const tutorSlotStarts = async (at: Date) =>
  (await asService(sql, (tx) => listOpenSlots({ tx, tutorId: tutor.id, durationMinutes: 60, now: at }))).slots.map((slot) =>
    slot.startAt.getTime(),
  );

beforeAll(async () => {
  sql = testDb();
  [tutor, student, stranger, admin] = await Promise.all([
    createTutor(sql),
    createUser(sql, { role: "student" }),
    createUser(sql, { role: "student" }),
    createUser(sql, { role: "admin" }),
  ]);
  parent = await createParentOf(sql, student);
  await openTutorAllWeek(sql, tutor.id);
  await sql`update public.tutor_booking_settings set horizon_days = 60 where tutor_id = ${tutor.id}`;
  for (const [name, user] of Object.entries({ tutor, student, parent, stranger, admin })) tokens[name] = await signIn(user);
});

afterAll(async () => {
  await cancelScheduledSessions(sql, [tutor.id]);
  await sql.end();
});

describe("a tutor proposes, the student accepts", () => {
  it("moves the booking and the session (rules, length and price kept, SEQUENCE raised) and audits both times", async () => {
    const { sessionId, bookingId, startAt } = await nextSession();
    const target = minutesFrom(startAt, 24 * 60 + 90);
    const offered = await readResponse(await slots(sessionId, tokens.tutor));
    expect(offered.status).toBe(200);
    expect(offered.body.is_allowed).toBe(true);
    expect((offered.body.slots as { start_at: string }[]).map((slot) => slot.start_at)).toContain(target.toISOString());

    const proposed = await readResponse(await propose(sessionId, { start_at: target.toISOString() }, tokens.tutor));
    expect(proposed.status).toBe(201);
    const proposal = proposed.body.proposal as { id: string; status: string; proposed_by_role: string };
    expect(proposal).toMatchObject({ status: "pending", proposed_by_role: "tutor" });
    // The proposal holds its slot for everyone else.
    expect(await tutorSlotStarts(now)).not.toContain(target.getTime());
    const [shown] = await listOpenProposals({ db: sql, viewer: student.viewer, now });
    expect(shown).toMatchObject({ id: proposal.id, isProposedByViewer: false, startAt: target, currentStartAt: startAt });

    const accepted = await readResponse(await accept(proposal.id, tokens.student));
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ proposal: { status: "accepted" }, meeting_updated: true });

    const [session] = await sql`
      select scheduled_start_at, scheduled_end_at, charge_scheduled_at, duration_minutes, no_show_wait_minutes,
             min_payable_minutes, price_cents, completion_payout_bps, calendar_sequence, status
      from public.sessions where id = ${sessionId}`;
    const targetEnd = minutesFrom(target, 60);
    expect(session).toMatchObject({
      scheduled_start_at: target,
      scheduled_end_at: targetEnd,
      charge_scheduled_at: targetEnd,
      duration_minutes: 60,
      no_show_wait_minutes: 19,
      min_payable_minutes: 39,
      price_cents: "10000",
      calendar_sequence: 1,
      status: "SCHEDULED",
    });
    const [booking] = await sql`
      select status, requested_start_at, confirmed_start_at, confirmed_end_at from public.bookings where id = ${bookingId}`;
    expect(booking).toEqual({ status: "confirmed", requested_start_at: target, confirmed_start_at: target, confirmed_end_at: targetEnd });
    const moved = (await sessionEvents(sessionId)).find((event) => event.type === "session.rescheduled");
    expect(moved).toMatchObject({
      actor_role: "student",
      payload: { from_start_at: startAt.toISOString(), to_start_at: target.toISOString(), proposal_id: proposal.id },
    });
    const [bookingEvent] = await sql`select type, payload from public.booking_events where booking_id = ${bookingId}`;
    expect(bookingEvent).toMatchObject({ type: "booking.rescheduled", payload: { to_start_at: target.toISOString() } });
    expect(await sql`select 1 from public.session_meeting_update_retries where session_id = ${sessionId}`).toHaveLength(0);
    // The old time is free again, the new one is taken by the booking.
    const open = await tutorSlotStarts(now);
    expect(open).toContain(startAt.getTime());
    expect(open).not.toContain(target.getTime());
  });

  it("a parent may propose for their child inside the free window, and the tutor accepts", async () => {
    const { sessionId, startAt } = await nextSession();
    const target = minutesFrom(startAt, 3 * 60);
    const proposed = await readResponse(await propose(sessionId, { start_at: target.toISOString() }, tokens.parent));
    expect(proposed.status).toBe(201);
    const id = (proposed.body.proposal as { id: string }).id;
    // The student is on the parent's side: they cannot accept it.
    expect((await readResponse(await accept(id, tokens.student))).code).toBe("forbidden");
    expect((await readResponse(await accept(id, tokens.tutor))).status).toBe(200);
  });
});

describe("rejections (status and code, nothing written)", () => {
  it("refuses anonymous, strangers, admins and bad bodies", async () => {
    const { sessionId, startAt } = await nextSession();
    const body = { start_at: minutesFrom(startAt, 120).toISOString() };
    expect(await readResponse(await propose(sessionId, body, null))).toMatchObject({ status: 401, code: "unauthorized" });
    expect(await readResponse(await propose(sessionId, body, tokens.stranger))).toMatchObject({ status: 404, code: "not_found" });
    expect(await readResponse(await propose(sessionId, body, tokens.admin))).toMatchObject({ status: 403, code: "forbidden" });
    for (const bad of [{}, { start_at: "next tuesday" }, { start_at: body.start_at, extra: 1 }, { start_at: 5 }]) {
      expect(await readResponse(await propose(sessionId, bad, tokens.tutor))).toMatchObject({ status: 422, code: "invalid_input" });
    }
    expect(await readResponse(await propose(sessionId, undefined, tokens.tutor, "{nope"))).toMatchObject({
      status: 400,
      code: "bad_request",
    });
    const notUuid = await proposeRoute(apiRequest("/api/sessions/x/reschedule-proposals", { token: tokens.tutor, body }), idParams("x"));
    expect((await readResponse(notUuid)).status).toBe(422);
    expect(await readResponse(await slots(sessionId, null))).toMatchObject({ status: 401 });
    expect(await readResponse(await slots(sessionId, tokens.stranger))).toMatchObject({ status: 404 });
    expect(await readResponse(await slots(sessionId, tokens.tutor, "?days=0"))).toMatchObject({ status: 422 });
    expect(await proposalsOf(sessionId)).toHaveLength(0);
  });

  it("refuses a time the tutor does not offer and the session's current time", async () => {
    const { sessionId, startAt } = await nextSession();
    const offStep = minutesFrom(startAt, 24 * 60 + 17);
    expect(await readResponse(await propose(sessionId, { start_at: offStep.toISOString() }, tokens.tutor))).toMatchObject({
      status: 409,
      code: "conflict",
    });
    const beyondHorizon = minutesFrom(now, 80 * 24 * 60);
    expect((await readResponse(await propose(sessionId, { start_at: beyondHorizon.toISOString() }, tokens.tutor))).code).toBe("conflict");
    expect((await readResponse(await propose(sessionId, { start_at: startAt.toISOString() }, tokens.tutor))).code).toBe("invalid_input");
    expect(await proposalsOf(sessionId)).toHaveLength(0);
  });

  it("a student outside the free-cancellation window is refused (the tutor is not); the slots say why", async () => {
    const { sessionId, startAt } = await nextSession({ startAt: hourFrom(now, 10) });
    const body = { start_at: minutesFrom(startAt, 3 * 60).toISOString() };
    expect(await readResponse(await propose(sessionId, body, tokens.student))).toMatchObject({ status: 409, code: "too_late" });
    expect(await readResponse(await propose(sessionId, body, tokens.parent))).toMatchObject({ status: 409, code: "too_late" });
    const view = await readResponse(await slots(sessionId, tokens.student));
    expect(view.body).toMatchObject({ is_allowed: false, slots: [] });
    expect(String(view.body.reason)).toMatch(/24 hours before the start/);
    expect(await proposalsOf(sessionId)).toHaveLength(0);
    expect((await readResponse(await propose(sessionId, body, tokens.tutor))).status).toBe(201);
  });

  it("nobody may propose once the session has started", async () => {
    const { sessionId, startAt } = await nextSession({ startAt: minutesFrom(hourFrom(now, 0), -60) });
    const body = { start_at: minutesFrom(startAt, 2 * 24 * 60).toISOString() };
    expect(await readResponse(await propose(sessionId, body, tokens.tutor))).toMatchObject({ status: 409, code: "too_late" });
    expect(await proposalsOf(sessionId)).toHaveLength(0);
  });

  it("one open proposal per session; the proposer cannot accept it; strangers cannot answer it", async () => {
    const { sessionId, startAt } = await nextSession();
    const first = await readResponse(await propose(sessionId, { start_at: minutesFrom(startAt, 120).toISOString() }, tokens.tutor));
    const id = (first.body.proposal as { id: string }).id;
    const second = await readResponse(await propose(sessionId, { start_at: minutesFrom(startAt, 240).toISOString() }, tokens.student));
    expect(second).toMatchObject({ status: 409, code: "conflict" });
    expect(await readResponse(await accept(id, tokens.tutor))).toMatchObject({ status: 403, code: "forbidden" });
    expect(await readResponse(await accept(id, tokens.stranger))).toMatchObject({ status: 404, code: "not_found" });
    expect(await readResponse(await accept(id, tokens.admin))).toMatchObject({ status: 403, code: "forbidden" });
    expect(await readResponse(await decline(id, tokens.stranger))).toMatchObject({ status: 404, code: "not_found" });
    expect(await readResponse(await accept(id, null))).toMatchObject({ status: 401, code: "unauthorized" });
    const badId = await acceptRoute(apiRequest("/api/reschedule-proposals/nope/accept", { token: tokens.student }), idParams("nope"));
    expect((await readResponse(badId)).status).toBe(422);
    expect((await proposalsOf(sessionId)).map((row) => row.status)).toEqual(["pending"]);
    const [session] = await sql`select scheduled_start_at, calendar_sequence from public.sessions where id = ${sessionId}`;
    expect(session).toEqual({ scheduled_start_at: startAt, calendar_sequence: 0 });
  });
});

describe("the student's own time", () => {
  it("accepting is refused when the student booked another lesson at the new time since it was proposed; nothing moves", async () => {
    const { sessionId, startAt } = await nextSession();
    const target = minutesFrom(startAt, 24 * 60 + 60);
    const proposed = await readResponse(await propose(sessionId, { start_at: target.toISOString() }, tokens.tutor));
    const proposalId = (proposed.body.proposal as { id: string }).id;
    // Meanwhile the student books another tutor for that hour (it was free when the tutor proposed it).
    const otherTutor = await createTutor(sql);
    await createSessionAt(sql, { tutor: otherTutor, student, startAt: minutesFrom(target, 30) });
    const refused = await readResponse(await accept(proposalId, tokens.student));
    expect(refused).toMatchObject({ status: 409, code: "conflict" });
    expect(refused.text).toMatch(/another lesson at the new time/);
    const [session] = await sql<{ scheduled_start_at: Date }[]>`select scheduled_start_at from public.sessions where id = ${sessionId}`;
    expect(session?.scheduled_start_at).toEqual(startAt);
    expect((await proposalsOf(sessionId))[0]?.status).toBe("pending");
    await cancelScheduledSessions(sql, [otherTutor.id]);
  });
});

describe("decline, withdraw and expiry", () => {
  it("the other side declines (the slot is free again); a second answer is already_done", async () => {
    const { sessionId, startAt } = await nextSession();
    const target = minutesFrom(startAt, 150);
    const id = (
      (await readResponse(await propose(sessionId, { start_at: target.toISOString() }, tokens.tutor))).body.proposal as { id: string }
    ).id;
    expect(await tutorSlotStarts(now)).not.toContain(target.getTime());
    const declined = await readResponse(await decline(id, tokens.student));
    expect(declined).toMatchObject({ status: 200, body: { proposal: { status: "declined" } } });
    expect(await tutorSlotStarts(now)).toContain(target.getTime());
    expect(await readResponse(await accept(id, tokens.student))).toMatchObject({ status: 409, code: "already_done" });
    expect((await sessionEvents(sessionId)).map((event) => event.type)).toEqual([
      "session.reschedule_proposed",
      "session.reschedule_declined",
    ]);
  });

  it("the proposer's side withdraws through decline", async () => {
    const { sessionId, startAt } = await nextSession();
    const id = (
      (await readResponse(await propose(sessionId, { start_at: minutesFrom(startAt, 60).toISOString() }, tokens.student))).body
        .proposal as { id: string }
    ).id;
    expect(await readResponse(await decline(id, tokens.parent))).toMatchObject({
      status: 200,
      body: { proposal: { status: "withdrawn" } },
    });
  });

  it("a stale proposal cannot be accepted, the job expires it once, and its slot is free", async () => {
    const { sessionId, startAt } = await nextSession();
    const target = minutesFrom(startAt, 210);
    const { proposal } = await proposeReschedule({ db: sql, viewer: tutor.viewer, sessionId, startAt: target, now });
    expect(proposal.expires_at).toEqual(minutesFrom(now, 24 * 60));
    const later = minutesFrom(proposal.expires_at, 1);
    await expect(acceptReschedule({ db: sql, viewer: student.viewer, proposalId: proposal.id, now: later })).rejects.toMatchObject({
      code: "too_late",
    });
    const first = await expireRescheduleProposals({ db: sql, now: later });
    expect(first.expired).toBeGreaterThanOrEqual(1);
    expect((await proposalsOf(sessionId))[0]?.status).toBe("expired");
    await expireRescheduleProposals({ db: sql, now: later });
    expect((await sessionEvents(sessionId)).filter((event) => event.type === "session.reschedule_expired")).toHaveLength(1);
    expect(await tutorSlotStarts(later)).toContain(target.getTime());
    await expect(acceptReschedule({ db: sql, viewer: student.viewer, proposalId: proposal.id, now: later })).rejects.toBeInstanceOf(
      AppError,
    );
  });
});

describe("a session that leaves SCHEDULED", () => {
  it("lets go of its open proposal's slot at once, whoever cancelled it", async () => {
    const { sessionId, startAt } = await nextSession();
    const target = minutesFrom(startAt, 270);
    await proposeReschedule({ db: sql, viewer: tutor.viewer, sessionId, startAt: target, now });
    expect(await tutorSlotStarts(now)).not.toContain(target.getTime());
    await sql`update public.sessions set status = 'CANCELLED', cancelled_at = now() where id = ${sessionId}`;
    expect((await proposalsOf(sessionId))[0]?.status).toBe("withdrawn");
    expect(await tutorSlotStarts(now)).toContain(target.getTime());
  });
});

describe("two sessions racing for one slot", () => {
  it("exactly one proposal wins; the database refuses a second pending hold on overlapping time", async () => {
    const other = await createUser(sql, { role: "student" });
    const a = await nextSession();
    const b = await nextSession({ forStudent: other, startAt: minutesFrom(a.startAt, 5 * 60) });
    const target = minutesFrom(a.startAt, 24 * 60 + 30);
    const outcomes = await Promise.allSettled([
      proposeReschedule({ db: sql, viewer: tutor.viewer, sessionId: a.sessionId, startAt: target, now }),
      proposeReschedule({ db: sql, viewer: tutor.viewer, sessionId: b.sessionId, startAt: target, now }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const [refused] = outcomes.filter((outcome) => outcome.status === "rejected");
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
    const held = await sql`
      select session_id from public.reschedule_proposals where tutor_id = ${tutor.id} and status = 'pending' and start_at = ${target}`;
    expect(held).toHaveLength(1);
    // The constraint on its own, without the engine's check: an overlapping pending hold is refused.
    await expect(sql`
      insert into public.reschedule_proposals (session_id, booking_id, tutor_id, student_id, proposed_by, proposed_by_role, start_at, end_at, expires_at)
      select s.id, s.booking_id, s.tutor_id, s.student_id, s.tutor_id, 'tutor', ${minutesFrom(target, 30)}, ${minutesFrom(target, 90)}, ${now}
      from public.sessions s where s.id in (${a.sessionId}, ${b.sessionId}) and s.id <> ${held[0]!.session_id}`).rejects.toMatchObject({
      code: "23P01",
    });
  });
});
