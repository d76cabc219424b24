import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/zoom/route";
import { processDueCharges } from "@/lib/sessions/process-due-charges";
import { zoomMeetingEvent } from "../fakes/zoom-webhook";
import { createZoomSession, deliverZoomWebhook } from "../fakes/zoom-sessions";
import { testDb } from "../support/db";
import { cancelScheduledSessions, createUser, minutesFrom, readResponse, type TTestUser } from "../support/factories";

let sql: Sql;
let secret: string;
const tutors: TTestUser[] = [];
let student: TTestUser;

const deliver = (body: unknown, options: { timestampSeconds?: number; signatureSecret?: string; rawBody?: string } = {}) =>
  deliverZoomWebhook(secret, body, options);

/** A SCHEDULED 60-minute session on a Zoom meeting of the fake's account, starting at `startAt`. */
async function zoomSession(startAt: Date, price = 10_000): Promise<{ sessionId: string; meetingId: string }> {
  // Each session has a student of its own (a student never holds two overlapping lessons,
  // bookings_student_no_overlap); `student` is the latest session's.
  student = await createUser(sql, { role: "student" });
  const created = await createZoomSession(sql, { student, startAt, priceCents: price });
  tutors.push(created.tutor);
  return created;
}

async function session(sessionId: string) {
  const [row] = await sql<
    {
      status: string;
      meeting_started_at: Date | null;
      meeting_ended_at: Date | null;
      student_joined_at: Date | null;
      tutor_joined_at: Date | null;
      charge_cents: string | null;
      price_cents: string;
    }[]
  >`
    select status, meeting_started_at, meeting_ended_at, student_joined_at, tutor_joined_at, charge_cents, price_cents
    from public.sessions where id = ${sessionId}
  `;
  if (!row) throw new Error("no session");
  return row;
}

async function events(sessionId: string) {
  return sql<{ type: string; actor_role: string; payload: Record<string, unknown> }[]>`
    select type, actor_role, payload from public.session_events where session_id = ${sessionId} and type like 'zoom.%' order by id
  `;
}

beforeAll(async () => {
  sql = testDb();
  secret = process.env.ZOOM_WEBHOOK_SECRET ?? "";
  expect(secret).not.toBe("");
  student = await createUser(sql, { role: "student" });
});

afterAll(async () => {
  await cancelScheduledSessions(
    sql,
    tutors.map((tutor) => tutor.id),
  );
  await sql.end();
});

describe("POST /api/webhooks/zoom", () => {
  it("answers endpoint.url_validation with the HMAC of the plain token", async () => {
    const { createHmac } = await import("node:crypto");
    const response = await deliver({
      event: "endpoint.url_validation",
      payload: { plainToken: "qgg8vlvZRS6UYooatFL8Aw" },
      event_ts: Date.now(),
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      plainToken: "qgg8vlvZRS6UYooatFL8Aw",
      encryptedToken: createHmac("sha256", secret).update("qgg8vlvZRS6UYooatFL8Aw").digest("hex"),
    });
  });

  it("records a valid meeting.started on the matching session", async () => {
    const startAt = minutesFrom(new Date(), -5);
    const { sessionId, meetingId } = await zoomSession(startAt);
    const response = await deliver(zoomMeetingEvent({ event: "meeting.started", meetingId, at: startAt }));
    expect(response).toMatchObject({ status: 200, body: { received: true, outcome: "recorded" } });
    expect((await session(sessionId)).meeting_started_at?.toISOString()).toBe(startAt.toISOString().replace(/\.\d{3}Z$/, ".000Z"));
    expect(await events(sessionId)).toMatchObject([{ type: "zoom.meeting.started", actor_role: "provider" }]);
  });

  it.each([
    ["a wrong signature", { signatureSecret: "not-the-secret" }],
    ["a stale timestamp (6 minutes old)", { timestampSeconds: Math.floor(Date.now() / 1000) - 360 }],
    ["a timestamp from the future", { timestampSeconds: Math.floor(Date.now() / 1000) + 360 }],
  ])("rejects %s with 401 and records nothing", async (_label, options) => {
    const startAt = minutesFrom(new Date(), -5);
    const { sessionId, meetingId } = await zoomSession(startAt);
    const response = await deliver(zoomMeetingEvent({ event: "meeting.started", meetingId, at: startAt }), options);
    expect(response).toMatchObject({ status: 401, code: "unauthorized" });
    expect(await events(sessionId)).toEqual([]);
    expect((await session(sessionId)).meeting_started_at).toBeNull();
  });

  it("rejects a signed url_validation only with the right secret", async () => {
    const response = await deliver({ event: "endpoint.url_validation", payload: { plainToken: "abc" } }, { signatureSecret: "wrong" });
    expect(response.status).toBe(401);
  });

  it("rejects a request without signature headers", async () => {
    const request = new Request("http://localhost/api/webhooks/zoom", {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect((await readResponse(await POST(request, undefined))).status).toBe(401);
  });

  it("ignores a replayed delivery (same event): one audit row, columns unchanged", async () => {
    const startAt = minutesFrom(new Date(), -30);
    const { sessionId, meetingId } = await zoomSession(startAt);
    const ended = zoomMeetingEvent({ event: "meeting.ended", meetingId, at: minutesFrom(startAt, 25) });
    expect((await deliver(ended)).body).toMatchObject({ outcome: "recorded" });
    expect((await deliver(ended)).body).toMatchObject({ outcome: "duplicate" });
    expect(await events(sessionId)).toHaveLength(1);
  });

  it.each([
    ["not JSON", "{not json"],
    ["no event name", JSON.stringify({ payload: {} })],
    ["a meeting event without its object", JSON.stringify({ event: "meeting.ended", event_ts: Date.now(), payload: {} })],
    [
      "a bad end_time",
      JSON.stringify({ event: "meeting.ended", event_ts: Date.now(), payload: { object: { id: "1", uuid: "u", end_time: "yesterday" } } }),
    ],
  ])("rejects a correctly signed but malformed body (%s) with 400", async (_label, rawBody) => {
    const before = await sql<{ count: number }[]>`select count(*)::int as count from public.session_events`;
    const response = await deliver(null, { rawBody });
    expect(response).toMatchObject({ status: 400, code: "bad_request" });
    const after = await sql<{ count: number }[]>`select count(*)::int as count from public.session_events`;
    expect(after[0]?.count).toBe(before[0]?.count);
  });

  it("acknowledges events it does not handle, and meetings it does not know (logged, kept)", async () => {
    expect((await deliver({ event: "recording.completed", event_ts: Date.now(), payload: {} })).body).toMatchObject({ outcome: "ignored" });
    const unknown = zoomMeetingEvent({ event: "meeting.started", meetingId: "99999999999", at: new Date() });
    expect(await deliver(unknown)).toMatchObject({ status: 200, body: { outcome: "unknown_meeting" } });
    const [row] = await sql<{ session_id: string | null }[]>`
      select session_id from public.session_events where type = 'zoom.meeting.started' and payload->>'meeting_id' = '99999999999'
    `;
    expect(row).toEqual({ session_id: null });
  });

  it("matches participants by account email: student and tutor joins are recorded, strangers are not", async () => {
    const startAt = minutesFrom(new Date(), -10);
    const { sessionId, meetingId } = await zoomSession(startAt);
    const tutor = tutors.at(-1);
    if (!tutor) throw new Error("no tutor");
    const stranger = zoomMeetingEvent({
      event: "meeting.participant_joined",
      meetingId,
      at: minutesFrom(startAt, 1),
      participant: { email: "someone@else.test", id: "p1" },
    });
    await deliver(stranger);
    expect(await session(sessionId)).toMatchObject({ student_joined_at: null, tutor_joined_at: null });

    const studentJoin = minutesFrom(startAt, 2);
    await deliver(
      zoomMeetingEvent({
        event: "meeting.participant_joined",
        meetingId,
        at: studentJoin,
        participant: { email: student.email.toUpperCase(), id: "p2" },
      }),
    );
    await deliver(
      zoomMeetingEvent({
        event: "meeting.participant_joined",
        meetingId,
        at: minutesFrom(startAt, 3),
        participant: { email: tutor.email, id: "p3" },
      }),
    );
    // A later rejoin does not move the first join.
    await deliver(
      zoomMeetingEvent({
        event: "meeting.participant_joined",
        meetingId,
        at: minutesFrom(startAt, 7),
        participant: { email: student.email, id: "p4" },
      }),
    );
    await deliver(
      zoomMeetingEvent({
        event: "meeting.participant_left",
        meetingId,
        at: minutesFrom(startAt, 8),
        participant: { email: student.email, id: "p4" },
      }),
    );
    const row = await session(sessionId);
    expect(row.student_joined_at?.getTime()).toBe(Math.floor(studentJoin.getTime() / 1000) * 1000);
    expect(row.tutor_joined_at?.getTime()).toBe(Math.floor(minutesFrom(startAt, 3).getTime() / 1000) * 1000);
    const recorded = await events(sessionId);
    expect(recorded.map((event) => event.type)).toEqual([
      "zoom.meeting.participant_joined",
      "zoom.meeting.participant_joined",
      "zoom.meeting.participant_joined",
      "zoom.meeting.participant_joined",
      "zoom.meeting.participant_left",
    ]);
    expect(recorded.map((event) => (event.payload.participant as { role: string | null }).role)).toEqual([
      null,
      "student",
      "tutor",
      "student",
      "student",
    ]);
    expect(JSON.stringify(recorded)).not.toContain("someone@else.test");
  });
});

describe("webhooks drive the charge job's early-end rule (60-minute session, minimum payable 39)", () => {
  it("meeting.ended 20 minutes in → EARLY_END_SHORT; 45 minutes in → charged in full", async () => {
    const startAt = minutesFrom(new Date(), -75);
    const short = await zoomSession(startAt, 12_000);
    const long = await zoomSession(startAt, 12_000);
    for (const [meeting, minutes] of [
      [short, 20],
      [long, 45],
    ] as const) {
      expect((await deliver(zoomMeetingEvent({ event: "meeting.started", meetingId: meeting.meetingId, at: startAt }))).status).toBe(200);
      expect(
        (await deliver(zoomMeetingEvent({ event: "meeting.ended", meetingId: meeting.meetingId, at: minutesFrom(startAt, minutes) })))
          .status,
      ).toBe(200);
    }
    await processDueCharges({ db: sql, now: new Date() });
    expect(await session(short.sessionId)).toMatchObject({ status: "EARLY_END_SHORT", charge_cents: null });
    const charged = await session(long.sessionId);
    expect(charged.status).toBe("COMPLETED_ASSUMED");
    expect(Number(charged.charge_cents)).toBe(12_000);
  });

  it("a meeting restarted after an early end is not an early end", async () => {
    const startAt = minutesFrom(new Date(), -75);
    const { sessionId, meetingId } = await zoomSession(startAt);
    await deliver(zoomMeetingEvent({ event: "meeting.started", meetingId, meetingUuid: "first", at: startAt }));
    await deliver(zoomMeetingEvent({ event: "meeting.ended", meetingId, meetingUuid: "first", at: minutesFrom(startAt, 10) }));
    await deliver(zoomMeetingEvent({ event: "meeting.started", meetingId, meetingUuid: "second", at: minutesFrom(startAt, 12) }));
    const row = await session(sessionId);
    expect(row.meeting_ended_at).toBeNull();
    expect(row.meeting_started_at?.getTime()).toBe(Math.floor(startAt.getTime() / 1000) * 1000);
    await processDueCharges({ db: sql, now: new Date() });
    expect((await session(sessionId)).status).toBe("COMPLETED_ASSUMED");
  });
});
