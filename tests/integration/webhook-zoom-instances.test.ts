import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processDueCharges } from "@/lib/sessions/process-due-charges";
import { createZoomSession, deliverZoomWebhook } from "../fakes/zoom-sessions";
import { zoomMeetingEvent } from "../fakes/zoom-webhook";
import { testDb } from "../support/db";
import { cancelScheduledSessions, createUser, minutesFrom, type TTestUser } from "../support/factories";

/**
 * Zoom reports several runs ("instances", each with its own uuid) of one meeting and does
 * not promise the order of its deliveries. Early end is judged on the runs' time inside the
 * scheduled window only (README "Session rules"), and one run's end never ends another.
 */
let sql: Sql;
let secret: string;
let student: TTestUser;
const tutorIds: string[] = [];
const DAY = 24 * 60;

const deliver = async (body: unknown) => {
  const response = await deliverZoomWebhook(secret, body);
  expect(response.status).toBe(200);
  return response;
};

/** A 60-minute Zoom session (minimum payable 39) that ended 15 minutes ago, so it is due now. */
async function dueZoomSession() {
  const startAt = new Date(Math.floor(minutesFrom(new Date(), -75).getTime() / 1000) * 1000);
  // Each session has a student of its own (a student never holds two overlapping lessons,
  // bookings_student_no_overlap); `student` is the latest session's.
  student = await createUser(sql, { role: "student" });
  const created = await createZoomSession(sql, { student, startAt });
  tutorIds.push(created.tutor.id);
  return { ...created, startAt };
}

async function statusOf(sessionId: string): Promise<string | undefined> {
  const [row] = await sql<{ status: string }[]>`select status from public.sessions where id = ${sessionId}`;
  return row?.status;
}

async function instances(sessionId: string) {
  return sql<{ instance_external_id: string; started_at: Date | null; ended_at: Date | null }[]>`
    select instance_external_id, started_at, ended_at from public.session_meeting_instances
    where session_id = ${sessionId} order by instance_external_id
  `;
}

beforeAll(async () => {
  sql = testDb();
  secret = process.env.ZOOM_WEBHOOK_SECRET ?? "";
  student = await createUser(sql, { role: "student" });
});

afterAll(async () => {
  await cancelScheduledSessions(sql, tutorIds);
  await sql.end();
});

describe("meeting instances", () => {
  it("out of order: a late meeting.ended of the first run does not end the second, running one", async () => {
    const { sessionId, meetingId, startAt } = await dueZoomSession();
    // Delivered: second run started, first run started, then the first run's end (late).
    await deliver(zoomMeetingEvent({ event: "meeting.started", meetingId, meetingUuid: "run-2", at: minutesFrom(startAt, 12) }));
    await deliver(zoomMeetingEvent({ event: "meeting.started", meetingId, meetingUuid: "run-1", at: startAt }));
    await deliver(zoomMeetingEvent({ event: "meeting.ended", meetingId, meetingUuid: "run-1", at: minutesFrom(startAt, 10) }));
    expect(await instances(sessionId)).toEqual([
      { instance_external_id: "run-1", started_at: startAt, ended_at: minutesFrom(startAt, 10) },
      { instance_external_id: "run-2", started_at: minutesFrom(startAt, 12), ended_at: null },
    ]);
    const [summary] = await sql`select meeting_started_at, meeting_ended_at from public.sessions where id = ${sessionId}`;
    expect(summary).toEqual({ meeting_started_at: startAt, meeting_ended_at: null });
    await processDueCharges({ db: sql, now: new Date() });
    expect(await statusOf(sessionId)).toBe("COMPLETED_ASSUMED");
  });

  it("an end that arrives before its start, and redeliveries, give the same run", async () => {
    const { sessionId, meetingId, startAt } = await dueZoomSession();
    const ended = zoomMeetingEvent({ event: "meeting.ended", meetingId, meetingUuid: "only", at: minutesFrom(startAt, 15) });
    await deliver(ended);
    await deliver(zoomMeetingEvent({ event: "meeting.started", meetingId, meetingUuid: "only", at: minutesFrom(startAt, 1) }));
    expect((await deliver(ended)).body).toMatchObject({ outcome: "duplicate" });
    expect(await instances(sessionId)).toEqual([
      { instance_external_id: "only", started_at: minutesFrom(startAt, 1), ended_at: minutesFrom(startAt, 15) },
    ]);
    await processDueCharges({ db: sql, now: new Date() });
    expect(await statusOf(sessionId)).toBe("EARLY_END_SHORT");
  });

  it("a run two days before, whose end is redelivered during the lesson, does not make a full lesson short", async () => {
    const { sessionId, meetingId, startAt } = await dueZoomSession();
    const early = minutesFrom(startAt, -2 * DAY);
    await deliver(zoomMeetingEvent({ event: "meeting.started", meetingId, meetingUuid: "early", at: early }));
    await deliver(zoomMeetingEvent({ event: "meeting.started", meetingId, meetingUuid: "lesson", at: startAt }));
    await deliver(
      zoomMeetingEvent({ event: "meeting.ended", meetingId, meetingUuid: "early", at: minutesFrom(early, 20), eventTs: Date.now() }),
    );
    await processDueCharges({ db: sql, now: new Date() });
    expect(await statusOf(sessionId)).toBe("COMPLETED_ASSUMED");
  });

  it("a 10-minute lesson is still EARLY_END_SHORT when an earlier, long run exists", async () => {
    const { sessionId, meetingId, startAt } = await dueZoomSession();
    const early = minutesFrom(startAt, -2 * DAY);
    await deliver(zoomMeetingEvent({ event: "meeting.started", meetingId, meetingUuid: "early", at: early }));
    await deliver(zoomMeetingEvent({ event: "meeting.ended", meetingId, meetingUuid: "early", at: minutesFrom(early, 180) }));
    await deliver(zoomMeetingEvent({ event: "meeting.started", meetingId, meetingUuid: "lesson", at: startAt }));
    await deliver(zoomMeetingEvent({ event: "meeting.ended", meetingId, meetingUuid: "lesson", at: minutesFrom(startAt, 10) }));
    await processDueCharges({ db: sql, now: new Date() });
    expect(await statusOf(sessionId)).toBe("EARLY_END_SHORT");
    const [event] =
      await sql`select payload from public.session_events where session_id = ${sessionId} and type = 'session.early_end_short'`;
    expect(event?.payload).toEqual({ held_minutes: 10, min_payable_minutes: 39 });
  });

  it("held time is the union of runs inside the window: overlapping runs are not counted twice", async () => {
    const { sessionId, meetingId, startAt } = await dueZoomSession();
    // Two runs over the same 20 minutes, plus 15 minutes before the start: 20 held < 39.
    await deliver(zoomMeetingEvent({ event: "meeting.started", meetingId, meetingUuid: "a", at: minutesFrom(startAt, -15) }));
    await deliver(zoomMeetingEvent({ event: "meeting.ended", meetingId, meetingUuid: "a", at: minutesFrom(startAt, 20) }));
    await deliver(zoomMeetingEvent({ event: "meeting.started", meetingId, meetingUuid: "b", at: minutesFrom(startAt, 1) }));
    await deliver(zoomMeetingEvent({ event: "meeting.ended", meetingId, meetingUuid: "b", at: minutesFrom(startAt, 19) }));
    await processDueCharges({ db: sql, now: new Date() });
    expect(await statusOf(sessionId)).toBe("EARLY_END_SHORT");
  });

  it("a join during a run two days early is not attendance of the lesson", async () => {
    const { sessionId, meetingId, startAt } = await dueZoomSession();
    await deliver(
      zoomMeetingEvent({
        event: "meeting.participant_joined",
        meetingId,
        meetingUuid: "early",
        at: minutesFrom(startAt, -2 * DAY),
        participant: { email: student.email, id: "s1" },
      }),
    );
    const [row] = await sql`select student_joined_at from public.sessions where id = ${sessionId}`;
    expect(row?.student_joined_at).toBeNull();
  });
});

describe("matching by Zoom account id + meeting id", () => {
  it("the same meeting id from another Zoom account matches no session", async () => {
    const { sessionId, meetingId, startAt } = await dueZoomSession();
    const foreign = zoomMeetingEvent({
      event: "meeting.started",
      meetingId,
      meetingUuid: "foreign",
      at: startAt,
      accountId: "another-zoom-account",
    });
    expect((await deliver(foreign)).body).toMatchObject({ outcome: "unknown_meeting" });
    expect(await instances(sessionId)).toEqual([]);
    const own = zoomMeetingEvent({ event: "meeting.started", meetingId, meetingUuid: "own", at: startAt });
    expect((await deliver(own)).body).toMatchObject({ outcome: "recorded" });
    await cancelScheduledSessions(sql, tutorIds);
  });

  it("a meeting id belongs to one session per provider", async () => {
    const { sessionId } = await dueZoomSession();
    const other = await dueZoomSession();
    const [link] = await sql<
      { meeting_external_id: string }[]
    >`select meeting_external_id from public.session_meeting_links where session_id = ${sessionId}`;
    await expect(
      sql`update public.session_meeting_links set meeting_external_id = ${link?.meeting_external_id ?? ""} where session_id = ${other.sessionId}`,
    ).rejects.toThrow(/session_meeting_links_provider_meeting_key/);
    await cancelScheduledSessions(sql, tutorIds);
  });
});
