import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as zoomCallbackGET } from "@/app/api/auth/zoom/callback/route";
import { GET as zoomConnectGET } from "@/app/api/auth/zoom/connect/route";
import { acceptReschedule } from "@/lib/bookings/accept-reschedule";
import { proposeReschedule } from "@/lib/bookings/propose-reschedule";
import { updateRescheduledMeetings } from "@/lib/jobs/update-rescheduled-meetings";
import { createSessionForBooking } from "@/lib/sessions";
import { connectThroughFake } from "../fakes/oauth-driver";
import { startProviderFakes, type TProviderFakes } from "../fakes/start-fakes";
import { testDb } from "../support/db";
import { cancelScheduledSessions, createBooking, createTutor, createUser, minutesFrom, signIn, type TTestUser } from "../support/factories";
import { hourFrom, openTutorAllWeek } from "../support/reschedule";

let sql: Sql;
let fakes: TProviderFakes;
let tutor: TTestUser;
let student: TTestUser;
const now = new Date();

const zoomTime = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, "Z");
const linkOf = async (sessionId: string) => {
  const [link] = await sql<{ meeting_external_id: string; join_url: string }[]>`
    select meeting_external_id, join_url from public.session_meeting_links where session_id = ${sessionId}`;
  return link!;
};

beforeAll(async () => {
  sql = testDb();
  fakes = await startProviderFakes();
  Object.assign(process.env, fakes.env);
  const appUrl = process.env.APP_URL ?? "";
  fakes.zoom.state.allowedRedirectUris = [`${appUrl}/api/auth/zoom/callback`];
  tutor = await createTutor(sql, { withVideo: false });
  student = await createUser(sql, { role: "student" });
  const { outcome } = await connectThroughFake({
    appUrl,
    connect: zoomConnectGET,
    callback: zoomCallbackGET,
    approve: (url) => fakes.zoom.approve(url),
    token: await signIn(tutor),
    connectPath: "/api/auth/zoom/connect",
  });
  expect(outcome.searchParams.get("connected")).toBe("zoom");
  await openTutorAllWeek(sql, tutor.id);
});

afterAll(async () => {
  await cancelScheduledSessions(sql, [tutor.id]);
  await fakes.stop();
  await sql.end();
});

async function zoomSession(startAt: Date): Promise<string> {
  const { bookingId } = await createBooking(sql, { tutor, student, startAt });
  const { session } = await createSessionForBooking({ db: sql, viewer: tutor.viewer, bookingId, now });
  return session.id;
}

async function reschedule(sessionId: string, startAt: Date) {
  const { proposal } = await proposeReschedule({ db: sql, viewer: student.viewer, sessionId, startAt, now });
  return acceptReschedule({ db: sql, viewer: tutor.viewer, proposalId: proposal.id, now });
}

describe("the provider meeting follows a reschedule", () => {
  it("the Zoom fake sees the meeting moved to the new time; the link is kept", async () => {
    const startAt = hourFrom(now, 3 * 24);
    const sessionId = await zoomSession(startAt);
    const before = await linkOf(sessionId);
    expect(fakes.zoom.state.meetings.get(before.meeting_external_id)).toMatchObject({ start_time: zoomTime(startAt) });
    const target = minutesFrom(startAt, 24 * 60 + 60);
    const { isMeetingUpdated } = await reschedule(sessionId, target);
    expect(isMeetingUpdated).toBe(true);
    expect(fakes.zoom.state.meetings.get(before.meeting_external_id)).toMatchObject({ start_time: zoomTime(target), duration: 60 });
    expect(await linkOf(sessionId)).toEqual(before);
  });

  it("a failing update never undoes the reschedule and is retried by the job", async () => {
    const startAt = hourFrom(now, 6 * 24);
    const sessionId = await zoomSession(startAt);
    const { meeting_external_id: meetingId } = await linkOf(sessionId);
    // The tutor's Zoom stops working: the meeting call fails after the commit.
    await sql`update public.tutor_video_provider_connections set status = 'invalid' where tutor_id = ${tutor.id}`;
    const target = minutesFrom(startAt, 24 * 60 + 120);
    const { isMeetingUpdated } = await reschedule(sessionId, target);
    expect(isMeetingUpdated).toBe(false);
    const [session] = await sql`select scheduled_start_at from public.sessions where id = ${sessionId}`;
    expect(session!.scheduled_start_at).toEqual(target);
    const [queued] =
      await sql`select attempts, last_error, next_attempt_at from public.session_meeting_update_retries where session_id = ${sessionId}`;
    expect(queued).toMatchObject({ attempts: 1 });
    expect(String(queued!.last_error)).not.toBe("");
    expect(fakes.zoom.state.meetings.get(meetingId)).toMatchObject({ start_time: zoomTime(startAt) });

    // Not yet due: the back-off holds it.
    expect(await updateRescheduledMeetings({ db: sql, now })).toEqual({ updated: 0, failed: 0 });
    await sql`update public.tutor_video_provider_connections set status = 'connected' where tutor_id = ${tutor.id}`;
    expect(await updateRescheduledMeetings({ db: sql, now: minutesFrom(now, 5) })).toEqual({ updated: 1, failed: 0 });
    expect(fakes.zoom.state.meetings.get(meetingId)).toMatchObject({ start_time: zoomTime(target) });
    expect(await sql`select 1 from public.session_meeting_update_retries where session_id = ${sessionId}`).toHaveLength(0);
  });
});
