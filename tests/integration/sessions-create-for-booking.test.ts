import { randomUUID } from "node:crypto";
import type { Sql } from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/sessions/create-for-booking/route";
import { declineBooking } from "@/lib/bookings/decline-booking";
import { createSessionForBooking } from "@/lib/sessions/create-session-for-booking";
import { calculateSessionRules } from "@/lib/sessions/rules";
import { serverEnv } from "@/lib/env/server-env";
import { notConnectedMessage } from "@/lib/video/get-tutor-video-provider";
import type { VideoProvider } from "@/lib/video/types";
import { testDb } from "../support/db";
import {
  apiRequest,
  cancelScheduledSessions,
  createBooking,
  createParentOf,
  createTutor,
  createUser,
  minutesFrom,
  readResponse,
  signIn,
  type TTestUser,
} from "../support/factories";
import { caught } from "../support/caught";

// Lets a test swap the tutor's provider for one that fails, keeping the real connection lookup.
const providerOverride = vi.hoisted(() => ({ current: null as VideoProvider | null }));
vi.mock("@/lib/video/get-tutor-video-provider", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/video/get-tutor-video-provider")>();
  return {
    ...actual,
    getTutorVideoProvider: async (options: Parameters<typeof actual.getTutorVideoProvider>[0]) => {
      const resolved = await actual.getTutorVideoProvider(options);
      return providerOverride.current ? { ...resolved, provider: providerOverride.current } : resolved;
    },
  };
});

const failingProvider: VideoProvider = {
  name: "zoom",
  createMeeting: async () => {
    throw new Error("Zoom answered 503 Service Unavailable");
  },
  updateMeeting: async () => {
    throw new Error("unused");
  },
  deleteMeeting: async () => {},
};

let sql: Sql;
let tutor: TTestUser;
let otherTutor: TTestUser;
let tutorWithoutVideo: TTestUser;
let student: TTestUser;
let otherStudent: TTestUser;
let parent: TTestUser;
const now = new Date();
const inDays = (days: number, minutes = 0) => minutesFrom(now, days * 24 * 60 + minutes);

async function bookingState(bookingId: string) {
  const [row] = await sql<{ status: string; sessions: number; links: number; events: number }[]>`
    select b.status,
           (select count(*)::int from public.sessions s where s.booking_id = b.id) as sessions,
           (select count(*)::int from public.session_meeting_links l join public.sessions s on s.id = l.session_id where s.booking_id = b.id) as links,
           (select count(*)::int from public.session_events e join public.sessions s on s.id = e.session_id where s.booking_id = b.id) + (select count(*)::int from public.booking_events be where be.booking_id = b.id) as events
    from public.bookings b where b.id = ${bookingId}`;
  return row;
}

beforeAll(async () => {
  sql = testDb();
  [tutor, otherTutor, tutorWithoutVideo, student, otherStudent] = await Promise.all([
    createTutor(sql),
    createTutor(sql),
    createTutor(sql, { withVideo: false }),
    createUser(sql, { role: "student" }),
    createUser(sql, { role: "student" }),
  ]);
  parent = await createParentOf(sql, student);
});

afterAll(async () => {
  await cancelScheduledSessions(sql, [tutor.id, otherTutor.id, tutorWithoutVideo.id]);
  await sql.end();
});

beforeEach(() => {
  providerOverride.current = null;
});

describe("createSessionForBooking", () => {
  it("confirms the booking and writes the session, its private link and the audit events in one go", async () => {
    const startAt = inDays(1);
    const { bookingId } = await createBooking(sql, { tutor, student, startAt, durationMinutes: 60, priceCents: 12_345 });
    const { session, isCreated } = await createSessionForBooking({ db: sql, viewer: tutor.viewer, bookingId, now });

    expect(isCreated).toBe(true);
    expect(session).toMatchObject({
      booking_id: bookingId,
      tutor_id: tutor.id,
      student_id: student.id,
      provider: "jitsi",
      status: "SCHEDULED",
      duration_minutes: 60,
      no_show_wait_minutes: 19,
      min_payable_minutes: 39,
      price_cents: 12_345,
      currency: "TTD",
      charged_at: null,
      charge_cents: null,
    });
    expect(session.scheduled_start_at.getTime()).toBe(startAt.getTime());
    expect(session.charge_scheduled_at.getTime()).toBe(session.scheduled_end_at.getTime());
    expect(session.scheduled_end_at.getTime()).toBe(minutesFrom(startAt, 60).getTime());

    const [settings] = await sql`select completion_payout_bps, no_show_charge_bps, no_show_payout_bps from public.platform_settings`;
    expect(session).toMatchObject({ ...settings });

    const [booking] =
      await sql`select status, confirmed_start_at, confirmed_end_at, decided_at from public.bookings where id = ${bookingId}`;
    expect(booking).toMatchObject({ status: "confirmed", confirmed_start_at: startAt, decided_at: now });

    const [link] = await sql`select provider, join_url from public.session_meeting_links where session_id = ${session.id}`;
    expect(link?.join_url).toMatch(/^https:\/\/meet\.jit\.si\/Tutoring-[0-9a-f]{32}$/);

    const events =
      await sql`select type, actor_id, actor_role, payload from public.session_events where session_id = ${session.id} order by id`;
    expect(events.map((event) => [event.type, event.actor_id, event.actor_role])).toEqual([["session.created", tutor.id, "tutor"]]);
    // The decision is the booking's own audit row, written in the same transaction.
    const decisions = await sql`select type, actor_id, payload from public.booking_events where booking_id = ${bookingId}`;
    expect(decisions.map((event) => [event.type, event.actor_id, event.payload])).toEqual([
      ["booking.confirmed", tutor.id, { session_id: session.id }],
    ]);
    // The audit trail is readable by the session's people at any time: no link in it.
    expect(JSON.stringify(events)).not.toContain("https://");
  });

  it("takes its rule columns from the one rule function (45 and 90 minutes)", async () => {
    for (const [days, duration] of [
      [2, 45],
      [3, 90],
    ] as const) {
      const { bookingId } = await createBooking(sql, { tutor, student, startAt: inDays(days), durationMinutes: duration });
      const { session } = await createSessionForBooking({ db: sql, viewer: tutor.viewer, bookingId, now });
      const rules = calculateSessionRules(duration);
      expect([session.no_show_wait_minutes, session.min_payable_minutes]).toEqual([rules.noShowWaitMinutes, rules.minPayableMinutes]);
    }
  });

  it("is idempotent: a second call, or two at once, return the one session", async () => {
    const { bookingId } = await createBooking(sql, { tutor, student, startAt: inDays(4) });
    const results = await Promise.all([1, 2, 3].map(() => createSessionForBooking({ db: sql, viewer: tutor.viewer, bookingId, now })));
    expect(new Set(results.map((result) => result.session.id)).size).toBe(1);
    expect(results.filter((result) => result.isCreated)).toHaveLength(1);

    const again = await createSessionForBooking({ db: sql, viewer: "service", bookingId, now });
    expect(again).toMatchObject({ isCreated: false, session: { id: results[0]?.session.id } });
    expect(await bookingState(bookingId)).toEqual({ status: "confirmed", sessions: 1, links: 1, events: 2 });
  });

  it("lets the service confirm, recording the system as the actor", async () => {
    const { bookingId } = await createBooking(sql, { tutor, student, startAt: inDays(5) });
    const { session } = await createSessionForBooking({ db: sql, viewer: "service", bookingId, now });
    const events = await sql`select actor_id, actor_role from public.session_events where session_id = ${session.id}`;
    expect(events.every((event) => event.actor_id === null && event.actor_role === "system")).toBe(true);
  });

  it("refuses without a video connection (409) and leaves the booking pending", async () => {
    const { bookingId } = await createBooking(sql, { tutor: tutorWithoutVideo, student, startAt: inDays(1, 120) });
    const error = await caught(createSessionForBooking({ db: sql, viewer: tutorWithoutVideo.viewer, bookingId, now }));
    expect(error).toMatchObject({ code: "provider_not_connected", status: 409, message: notConnectedMessage(serverEnv()) });
    expect(await bookingState(bookingId)).toEqual({ status: "pending", sessions: 0, links: 0, events: 0 });
  });

  it("writes nothing when the provider fails, surfaces its reason (502) and can be retried", async () => {
    const { bookingId } = await createBooking(sql, { tutor, student, startAt: inDays(6) });
    providerOverride.current = failingProvider;
    const error = await caught(createSessionForBooking({ db: sql, viewer: tutor.viewer, bookingId, now }));
    expect(error).toMatchObject({ code: "provider_error", status: 502 });
    expect(error.message).toContain("Zoom answered 503 Service Unavailable");
    expect(await bookingState(bookingId)).toEqual({ status: "pending", sessions: 0, links: 0, events: 0 });

    providerOverride.current = null;
    const retried = await createSessionForBooking({ db: sql, viewer: tutor.viewer, bookingId, now });
    expect(retried.isCreated).toBe(true);
    expect(await bookingState(bookingId)).toEqual({ status: "confirmed", sessions: 1, links: 1, events: 2 });
  });

  it("never meets an overlapping request: a pending request already holds its slot (20261201010000)", async () => {
    const first = await createBooking(sql, { tutor, student, startAt: inDays(7), durationMinutes: 60 });
    const overlapping = await createBooking(sql, { tutor, student: otherStudent, startAt: inDays(7, 30), durationMinutes: 60 }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(overlapping).toMatchObject({ code: "23P01", constraint_name: "bookings_tutor_no_overlap" });
    const { isCreated } = await createSessionForBooking({ db: sql, viewer: tutor.viewer, bookingId: first.bookingId, now });
    expect(isCreated).toBe(true);
    expect(await bookingState(first.bookingId)).toEqual({ status: "confirmed", sessions: 1, links: 1, events: 2 });
  });

  it("refuses declined and cancelled bookings (409) and slots that already started", async () => {
    for (const status of ["declined", "cancelled"] as const) {
      const { bookingId } = await createBooking(sql, { tutor, student, startAt: inDays(8), status });
      const error = await caught(createSessionForBooking({ db: sql, viewer: tutor.viewer, bookingId, now }));
      expect(error).toMatchObject({ code: "conflict", status: 409 });
      expect(await bookingState(bookingId)).toMatchObject({ status, sessions: 0 });
    }
    const started = await createBooking(sql, { tutor, student, startAt: minutesFrom(now, -1) });
    const error = await caught(createSessionForBooking({ db: sql, viewer: tutor.viewer, bookingId: started.bookingId, now }));
    expect(error).toMatchObject({ code: "too_late", status: 409 });
  });

  it("only the booking's tutor may confirm: other tutor 404 (RLS hides it), student and parent 403", async () => {
    const { bookingId } = await createBooking(sql, { tutor, student, startAt: inDays(9) });
    expect(await caught(createSessionForBooking({ db: sql, viewer: otherTutor.viewer, bookingId, now }))).toMatchObject({
      code: "not_found",
    });
    expect(await caught(createSessionForBooking({ db: sql, viewer: student.viewer, bookingId, now }))).toMatchObject({ code: "forbidden" });
    expect(await caught(createSessionForBooking({ db: sql, viewer: parent.viewer, bookingId, now }))).toMatchObject({ code: "forbidden" });
    expect(await caught(createSessionForBooking({ db: sql, viewer: tutor.viewer, bookingId: randomUUID(), now }))).toMatchObject({
      code: "not_found",
    });
    expect(await bookingState(bookingId)).toMatchObject({ status: "pending", sessions: 0 });
  });
});

describe("declineBooking", () => {
  it("declines a pending booking once; declining again changes nothing; a confirmed one cannot be declined", async () => {
    const { bookingId } = await createBooking(sql, { tutor, student, startAt: inDays(10) });
    const first = await declineBooking({ db: sql, viewer: tutor.viewer, bookingId, now });
    expect(first).toMatchObject({ isChanged: true, booking: { status: "declined", decided_at: now } });
    const second = await declineBooking({ db: sql, viewer: tutor.viewer, bookingId, now: minutesFrom(now, 5) });
    expect(second).toMatchObject({ isChanged: false, booking: { status: "declined", decided_at: now } });
    expect(await caught(createSessionForBooking({ db: sql, viewer: tutor.viewer, bookingId, now }))).toMatchObject({ code: "conflict" });

    const confirmed = await createBooking(sql, { tutor, student, startAt: inDays(11) });
    await createSessionForBooking({ db: sql, viewer: tutor.viewer, bookingId: confirmed.bookingId, now });
    expect(await caught(declineBooking({ db: sql, viewer: tutor.viewer, bookingId: confirmed.bookingId, now }))).toMatchObject({
      code: "conflict",
    });
    expect(await caught(declineBooking({ db: sql, viewer: student.viewer, bookingId: confirmed.bookingId, now }))).toMatchObject({
      code: "forbidden",
    });
    expect(await caught(declineBooking({ db: sql, viewer: otherTutor.viewer, bookingId: confirmed.bookingId, now }))).toMatchObject({
      code: "not_found",
    });
  });
});

describe("POST /api/sessions/create-for-booking", () => {
  const call = async (token: string | null, body: unknown, rawBody?: string) =>
    readResponse(await POST(apiRequest("/api/sessions/create-for-booking", { token, body, rawBody }), undefined));

  it("201 with the session for the booking's tutor, then 200 with the same session; never the link", async () => {
    const { bookingId } = await createBooking(sql, { tutor, student, startAt: inDays(12) });
    const token = await signIn(tutor);
    const created = await call(token, { booking_id: bookingId });
    expect(created.status).toBe(201);
    const session = created.body.session as { id: string; booking_id: string; status: string; scheduled_start_at: string };
    expect(created.body.session).not.toHaveProperty("platform_fee_cents");
    expect(session).toMatchObject({ booking_id: bookingId, status: "SCHEDULED", scheduled_start_at: inDays(12).toISOString() });
    const [link] = await sql<{ join_url: string }[]>`select join_url from public.session_meeting_links where session_id = ${session.id}`;
    expect(created.text).not.toContain(link?.join_url);
    expect(created.text).not.toContain("https://");

    const again = await call(token, { booking_id: bookingId });
    expect(again.status).toBe(200);
    expect((again.body.session as { id: string }).id).toBe(session.id);
  });

  it("rejects every wrong call with its status and code, never a 500", async () => {
    const { bookingId } = await createBooking(sql, { tutor, student, startAt: inDays(13) });
    const noVideo = await createBooking(sql, { tutor: tutorWithoutVideo, student, startAt: inDays(13, 120) });
    const declined = await createBooking(sql, { tutor, student, startAt: inDays(14), status: "declined" });
    const [tutorToken, otherTutorToken, studentToken, parentToken, noVideoToken] = await Promise.all([
      signIn(tutor),
      signIn(otherTutor),
      signIn(student),
      signIn(parent),
      signIn(tutorWithoutVideo),
    ]);
    const cases: [string, Awaited<ReturnType<typeof call>>, number, string][] = [
      ["anonymous", await call(null, { booking_id: bookingId }), 401, "unauthorized"],
      ["forged token", await call("not.a.jwt", { booking_id: bookingId }), 401, "unauthorized"],
      ["malformed id", await call(tutorToken, { booking_id: "not-a-uuid" }), 422, "invalid_input"],
      ["missing id", await call(tutorToken, {}), 422, "invalid_input"],
      ["body not JSON", await call(tutorToken, undefined, "{booking_id:"), 400, "bad_request"],
      ["unknown booking", await call(tutorToken, { booking_id: randomUUID() }), 404, "not_found"],
      ["other tutor", await call(otherTutorToken, { booking_id: bookingId }), 404, "not_found"],
      ["the student", await call(studentToken, { booking_id: bookingId }), 403, "forbidden"],
      ["the parent", await call(parentToken, { booking_id: bookingId }), 403, "forbidden"],
      ["declined booking", await call(tutorToken, { booking_id: declined.bookingId }), 409, "conflict"],
      ["no video connection", await call(noVideoToken, { booking_id: noVideo.bookingId }), 409, "provider_not_connected"],
    ];
    for (const [label, response, status, code] of cases) {
      expect({ label, status: response.status, code: response.code }).toEqual({ label, status, code });
    }
    const noVideoResponse = cases.find(([label]) => label === "no video connection")?.[1];
    expect((noVideoResponse?.body.error as { message: string }).message).toBe(notConnectedMessage(serverEnv()));
    expect(await bookingState(bookingId)).toMatchObject({ status: "pending", sessions: 0 });
    expect(await bookingState(noVideo.bookingId)).toMatchObject({ status: "pending", sessions: 0 });
  });
});
