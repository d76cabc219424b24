import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as callbackGET } from "@/app/api/auth/google/callback/route";
import { GET as connectGET } from "@/app/api/auth/google/connect/route";
import { serverEnv } from "@/lib/env/server-env";
import { processDueCharges } from "@/lib/sessions/process-due-charges";
import { getTutorVideoProvider, notConnectedMessage } from "@/lib/video/get-tutor-video-provider";
import { getVideoSetup } from "@/lib/video/get-video-setup";
import { googleConferenceRequestId, googleEventId } from "@/lib/video/providers/google-meet";
import { syncAttendance } from "@/lib/jobs/sync-attendance";
import type { TMeetingRequest } from "@/lib/video/types";
import { connectThroughFake } from "../fakes/oauth-driver";
import { startProviderFakes, type TProviderFakes } from "../fakes/start-fakes";
import { testDb } from "../support/db";
import {
  apiRequest,
  cancelScheduledSessions,
  createSessionAt,
  createTutor,
  createUser,
  minutesFrom,
  readResponse,
  signIn,
  type TTestUser,
} from "../support/factories";
import { caught } from "../support/caught";

let sql: Sql;
let fakes: TProviderFakes;
let tutor: TTestUser;
let token: string;
let appUrl: string;

const request = (sessionKey: string, startAt = new Date(Date.now() + 86_400_000)): TMeetingRequest => ({
  sessionKey,
  topic: "Mathematics with Test Tutor",
  startAt,
  durationMinutes: 60,
  timezone: "America/Port_of_Spain",
});

async function connection() {
  const rows = await sql<
    {
      id: string;
      status: string;
      expires_at: Date | null;
      access_token_encrypted: string | null;
      refresh_token_encrypted: string | null;
      last_error: string | null;
      provider_account_email: string | null;
    }[]
  >`
    select id, status, expires_at, access_token_encrypted, refresh_token_encrypted, last_error, provider_account_email
    from public.tutor_video_provider_connections where tutor_id = ${tutor.id} order by created_at desc
  `;
  return rows;
}

const connect = () =>
  connectThroughFake({
    appUrl,
    connect: connectGET,
    callback: callbackGET,
    approve: (url) => fakes.google.approve(url),
    token,
    connectPath: "/api/auth/google/connect",
  });

beforeAll(async () => {
  sql = testDb();
  fakes = await startProviderFakes();
  Object.assign(process.env, fakes.env);
  appUrl = process.env.APP_URL ?? "";
  fakes.google.state.allowedRedirectUris = [`${appUrl}/api/auth/google/callback`];
  tutor = await createTutor(sql, { withVideo: false });
  token = await signIn(tutor);
});

afterAll(async () => {
  await fakes.stop();
  await sql.end();
});

describe("Google Meet, end to end against the fake (real googleapis client)", () => {
  it("connect → consent → callback stores an encrypted connection", async () => {
    const { authorizeUrl, outcome } = await connect();
    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(fakes.env.GOOGLE_OAUTH_AUTHORIZE_URL);
    const query = authorizeUrl.searchParams;
    expect(query.get("redirect_uri")).toBe(`${appUrl}/api/auth/google/callback`);
    expect(query.get("scope")?.split(" ")).toContain("https://www.googleapis.com/auth/calendar.events");
    expect(query.get("access_type")).toBe("offline");
    expect(query.get("prompt")).toBe("consent");
    expect(query.get("code_challenge_method")).toBe("S256");
    expect(outcome.toString()).toBe(`${appUrl}/tutor/video-setup?connected=google_meet`);

    const [row] = await connection();
    expect(row).toMatchObject({ status: "connected", provider_account_email: fakes.google.state.account.email });
    const issued = [...fakes.google.state.accessTokens.keys(), ...fakes.google.state.refreshTokens.keys()];
    expect(issued.length).toBe(2);
    for (const secret of issued) {
      expect(row?.access_token_encrypted).not.toContain(secret);
      expect(row?.refresh_token_encrypted).not.toContain(secret);
    }
    expect(row?.access_token_encrypted).toMatch(/^v1:/);
    const setup = await getVideoSetup({ db: sql, env: serverEnv(), viewer: tutor.viewer });
    expect(setup).toMatchObject({ canConfirmBookings: true, connection: { provider: "google_meet", status: "connected" } });
  });

  it("creates a Calendar event with a hangoutsMeet conference and returns its Meet link", async () => {
    const { provider } = await getTutorVideoProvider({ db: sql, tutorId: tutor.id, now: new Date() });
    const meeting = await provider.createMeeting(request("session-1"));
    expect(meeting).toMatchObject({ provider: "google_meet", meetingExternalId: googleEventId("session-1") });
    expect(meeting.joinUrl).toMatch(/^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/);
    const event = fakes.google.state.events.get(meeting.meetingExternalId);
    expect(event?.conferenceData).toMatchObject({
      createRequest: { requestId: googleConferenceRequestId("session-1"), conferenceSolutionKey: { type: "hangoutsMeet" } },
    });
    expect(event?.start).toMatchObject({ timeZone: "America/Port_of_Spain" });
  });

  it("a retried create for the same session returns the same meeting, not a second one", async () => {
    const { provider } = await getTutorVideoProvider({ db: sql, tutorId: tutor.id, now: new Date() });
    const first = fakes.google.state.events.get(googleEventId("session-1"));
    const again = await provider.createMeeting(request("session-1"));
    expect(again.joinUrl).toBe(first?.hangoutLink);
    expect([...fakes.google.state.events.keys()].filter((id) => id === googleEventId("session-1"))).toHaveLength(1);
  });

  it("updates the event on a reschedule and deletes it on cancel", async () => {
    const { provider } = await getTutorVideoProvider({ db: sql, tutorId: tutor.id, now: new Date() });
    const created = await provider.createMeeting(request("session-2"));
    const later = new Date(Date.now() + 2 * 86_400_000);
    const moved = await provider.updateMeeting(created.meetingExternalId, request("session-2", later));
    expect(moved.joinUrl).toBe(created.joinUrl);
    expect(fakes.google.state.events.get(created.meetingExternalId)?.start).toMatchObject({ dateTime: later.toISOString() });
    await provider.deleteMeeting(created.meetingExternalId);
    expect(fakes.google.state.events.get(created.meetingExternalId)?.status).toBe("cancelled");
    await provider.deleteMeeting(created.meetingExternalId); // already gone: fine
  });

  it("surfaces Google's reason when the meeting cannot be created", async () => {
    fakes.google.failNextCalendarCall(403, "Calendar usage limits exceeded.");
    const { provider } = await getTutorVideoProvider({ db: sql, tutorId: tutor.id, now: new Date() });
    const error = await caught(provider.createMeeting(request("session-3")));
    expect(error.code).toBe("provider_error");
    expect(error.message).toContain("Calendar usage limits exceeded.");
  });

  it("refreshes a token within five minutes of expiry before using it", async () => {
    const [before] = await connection();
    await sql`update public.tutor_video_provider_connections set expires_at = now() + interval '4 minutes' where id = ${before?.id ?? ""}`;
    const grants = fakes.google.state.tokenGrants.refresh_token;
    const { provider } = await getTutorVideoProvider({ db: sql, tutorId: tutor.id, now: new Date() });
    await provider.createMeeting(request("session-4"));
    expect(fakes.google.state.tokenGrants.refresh_token).toBe(grants + 1);
    const [after] = await connection();
    expect(after?.access_token_encrypted).not.toBe(before?.access_token_encrypted);
    expect(after?.expires_at?.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    // Google does not rotate refresh tokens: the stored one still works (re-sealed).
    expect(after?.refresh_token_encrypted).toMatch(/^v1:/);
  });

  it("refreshes once and retries when Google answers 401 to a token we thought valid", async () => {
    fakes.google.invalidateAccessTokens();
    const grants = fakes.google.state.tokenGrants.refresh_token;
    const calls = fakes.google.state.calendarCalls.length;
    const { provider } = await getTutorVideoProvider({ db: sql, tutorId: tutor.id, now: new Date() });
    const meeting = await provider.createMeeting(request("session-5"));
    expect(meeting.joinUrl).toMatch(/^https:\/\/meet\.google\.com\//);
    expect(fakes.google.state.tokenGrants.refresh_token).toBe(grants + 1);
    expect(fakes.google.state.calendarCalls.slice(calls).map((call) => call.status)).toEqual([401, 200]);
  });

  it("invalid_grant marks the connection invalid, records why, and asks the tutor to reconnect", async () => {
    fakes.google.revokeRefreshTokens();
    const { provider, connectionId } = await getTutorVideoProvider({ db: sql, tutorId: tutor.id, now: new Date() });
    const error = await caught(provider.createMeeting(request("session-6")));
    expect(error.code).toBe("provider_not_connected");
    expect(error.message).toContain("reconnect");

    const [row] = await connection();
    expect(row).toMatchObject({ id: connectionId, status: "invalid", access_token_encrypted: null, refresh_token_encrypted: null });
    expect(row?.last_error).toContain("invalid_grant");
    const events = await sql<
      { type: string }[]
    >`select type from public.tutor_video_connection_events where connection_id = ${connectionId} order by id`;
    expect(events.map((event) => event.type)).toEqual(["connection.connected", "connection.invalid"]);

    const notConnected = await caught(getTutorVideoProvider({ db: sql, tutorId: tutor.id, now: new Date() }));
    expect(notConnected).toMatchObject({ code: "provider_not_connected", message: notConnectedMessage(serverEnv()) });
    const setup = await getVideoSetup({ db: sql, env: serverEnv(), viewer: tutor.viewer });
    expect(setup).toMatchObject({ canConfirmBookings: false, connection: { provider: "google_meet", status: "invalid" } });
  });

  it("reconnecting replaces the invalid connection and meetings work again", async () => {
    const { outcome } = await connect();
    expect(outcome.searchParams.get("connected")).toBe("google_meet");
    const rows = await connection();
    expect(rows.map((row) => row.status)).toEqual(["connected", "revoked"]);
    const { provider } = await getTutorVideoProvider({ db: sql, tutorId: tutor.id, now: new Date() });
    expect((await provider.createMeeting(request("session-7"))).joinUrl).toMatch(/^https:\/\/meet\.google\.com\//);
  });
});

/** A SCHEDULED Google Meet session of `tutor` with a real Calendar event in the fake. */
async function meetSession(key: string, startAt: Date, durationMinutes = 60) {
  const student = await createUser(sql, { role: "student" });
  const { provider } = await getTutorVideoProvider({ db: sql, tutorId: tutor.id, now: new Date() });
  const meeting = await provider.createMeeting(request(key, startAt));
  const { sessionId } = await createSessionAt(sql, { tutor, student, startAt, durationMinutes, joinUrl: meeting.joinUrl });
  await sql`update public.sessions set provider = 'google_meet' where id = ${sessionId}`;
  await sql`update public.session_meeting_links set provider = 'google_meet', meeting_external_id = ${meeting.meetingExternalId} where session_id = ${sessionId}`;
  return { sessionId, meetingCode: meeting.joinUrl.split("/").at(-1) ?? "" };
}

async function hostUserId(): Promise<string> {
  const [account] = await sql<{ provider_account_id: string }[]>`
    select provider_account_id from public.tutor_video_provider_connections where tutor_id = ${tutor.id} and status = 'connected'
  `;
  return account?.provider_account_id ?? "";
}

async function sessionState(sessionId: string) {
  const [row] = await sql<{ status: string; events: string[] | null }[]>`
    select s.status, (select array_agg(e.type order by e.id) from public.session_events e where e.session_id = s.id) as events
    from public.sessions s where s.id = ${sessionId}
  `;
  return row;
}

describe("Google Meet attendance (conference records) feeds the early-end rule", () => {
  it("a due Meet session waits for its attendance; once read, a conference that ended 20 minutes into 60 → EARLY_END_SHORT", async () => {
    const startAt = minutesFrom(new Date(), -75);
    const { sessionId, meetingCode: code } = await meetSession("meet-attendance", startAt);
    const host = await hostUserId();
    const record = fakes.google.addConferenceRecord({
      meetingCode: code,
      startTime: startAt.toISOString(),
      endTime: minutesFrom(startAt, 20).toISOString(),
      participants: [
        {
          name: "p/1",
          signedinUser: { user: `users/${host}`, displayName: "Tutor" },
          earliestStartTime: startAt.toISOString(),
          latestEndTime: null,
        },
        {
          name: "p/2",
          anonymousUser: { displayName: "Student" },
          earliestStartTime: minutesFrom(startAt, 2).toISOString(),
          latestEndTime: null,
        },
      ],
    });
    try {
      // Not read yet, and within the grace: the charge job leaves it (it used to charge it in full).
      await processDueCharges({ db: sql, now: new Date() });
      expect((await sessionState(sessionId))?.status).toBe("SCHEDULED");

      expect(await syncAttendance({ db: sql, now: new Date() })).toEqual({ synced: 1, failed: 0, skipped: 0 });
      const [row] = await sql<{ meeting_ended_at: Date; tutor_joined_at: Date; student_joined_at: Date }[]>`
        select meeting_ended_at, tutor_joined_at, student_joined_at from public.sessions where id = ${sessionId}
      `;
      expect(row?.meeting_ended_at.toISOString()).toBe(minutesFrom(startAt, 20).toISOString());
      expect(row?.tutor_joined_at.toISOString()).toBe(startAt.toISOString());
      expect(row?.student_joined_at.toISOString()).toBe(minutesFrom(startAt, 2).toISOString());
      const instances =
        await sql`select provider, instance_external_id from public.session_meeting_instances where session_id = ${sessionId}`;
      expect(instances).toEqual([{ provider: "google_meet", instance_external_id: record }]);
      expect(await syncAttendance({ db: sql, now: new Date() })).toEqual({ synced: 0, failed: 0, skipped: 0 });
      await processDueCharges({ db: sql, now: new Date() });
      expect(await sessionState(sessionId)).toEqual({
        status: "EARLY_END_SHORT",
        events: ["google_meet.attendance_synced", "session.early_end_short"],
      });
    } finally {
      await cancelScheduledSessions(sql, [tutor.id]);
    }
  });
});

describe("charging never waits on Google (a Meet API that hangs)", () => {
  it("the tick charges the other due sessions within its budget; the Meet session waits, is retried with backoff, and after the grace is charged on what is known", async () => {
    const now = new Date();
    const other = await createTutor(sql);
    const student = await createUser(sql, { role: "student" });
    const jitsi = await createSessionAt(sql, { tutor: other, student, startAt: minutesFrom(now, -65) });
    // Ended 4 minutes ago: within the 30-minute grace. And one that ended 90 minutes ago: past it.
    const waiting = await meetSession("meet-hang-waiting", minutesFrom(now, -14), 10);
    const pastGrace = await meetSession("meet-hang-past-grace", minutesFrom(now, -150));
    const { GET } = await import("@/app/api/cron/process-charges/route");
    fakes.google.hangMeetApi(true);
    try {
      const started = performance.now();
      const response = await readResponse(
        await GET(
          apiRequest("/api/cron/process-charges", { method: "GET", headers: { authorization: `Bearer ${process.env.CRON_SECRET}` } }),
          undefined,
        ),
      );
      const elapsedMs = performance.now() - started;
      expect(response.status).toBe(200);
      // The Meet call was aborted at its timeout (5 s), well inside the step's 10 s budget.
      expect(elapsedMs).toBeLessThan(9_000);
      expect(response.body).toMatchObject({ attendance: { synced: 0, failed: 1, skipped: 0 } });
      expect(Number(response.body.attendance_unknown)).toBeGreaterThanOrEqual(1);

      expect((await sessionState(jitsi.sessionId))?.status).toBe("COMPLETED_ASSUMED");
      expect(await sessionState(pastGrace.sessionId)).toEqual({
        status: "COMPLETED_ASSUMED",
        events: ["session.charged", "session.charged_attendance_unknown"],
      });
      const [unknown] =
        await sql`select payload from public.session_events where session_id = ${pastGrace.sessionId} and type = 'session.charged_attendance_unknown'`;
      expect(unknown?.payload).toEqual({ outcome: "COMPLETED_ASSUMED", attendance_grace_minutes: 30 });
      expect((await sessionState(waiting.sessionId))?.status).toBe("SCHEDULED");

      const [sync] = await sql<{ attempts: number; next_attempt_at: Date; synced_at: Date | null; last_error: string }[]>`
        select attempts, next_attempt_at, synced_at, last_error from public.session_attendance_syncs where session_id = ${waiting.sessionId}
      `;
      expect(sync).toMatchObject({ attempts: 1, synced_at: null });
      expect(sync?.next_attempt_at.getTime()).toBeGreaterThan(now.getTime());
      expect(sync?.last_error).toMatch(/Google Meet attendance could not be read/);

      // Backoff: not retried at once; the next try after a minute succeeds once Google answers.
      fakes.google.hangMeetApi(false);
      const calls = fakes.google.state.meetCalls;
      expect(await syncAttendance({ db: sql, now })).toEqual({ synced: 0, failed: 0, skipped: 0 });
      expect(fakes.google.state.meetCalls).toBe(calls);
      expect(await syncAttendance({ db: sql, now: minutesFrom(now, 2) })).toEqual({ synced: 1, failed: 0, skipped: 0 });
      await processDueCharges({ db: sql, now: new Date() });
      expect(await sessionState(waiting.sessionId)).toEqual({
        status: "COMPLETED_ASSUMED",
        events: ["google_meet.attendance_synced", "session.charged"],
      });
    } finally {
      fakes.google.hangMeetApi(false);
      await cancelScheduledSessions(sql, [tutor.id, other.id]);
    }
  });

  it("a hanging call is aborted at the per-call timeout, and the step stops at its budget", async () => {
    // Days ahead of the wall clock, so no other test's charge job settles them meanwhile.
    const base = minutesFrom(new Date(), 3 * 24 * 60);
    const now = minutesFrom(base, 30);
    const sessions = [
      await meetSession("meet-budget-1", base, 5),
      await meetSession("meet-budget-2", minutesFrom(base, 10), 5),
      await meetSession("meet-budget-3", minutesFrom(base, 20), 5),
    ];
    fakes.google.hangMeetApi(true);
    try {
      const started = performance.now();
      const result = await syncAttendance({ db: sql, now, callTimeoutMs: 300, timeBudgetMs: 800, concurrency: 1 });
      const elapsedMs = performance.now() - started;
      expect(elapsedMs).toBeLessThan(3_000);
      // One at a time, 300 ms each, 800 ms in all: three attempts at most, and none succeeded.
      expect(result.synced).toBe(0);
      expect(result.failed + result.skipped).toBe(sessions.length);
      expect(result.failed).toBeGreaterThanOrEqual(2);
    } finally {
      fakes.google.hangMeetApi(false);
      await cancelScheduledSessions(sql, [tutor.id]);
    }
  });
});
