import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as googleCallbackGET } from "@/app/api/auth/google/callback/route";
import { GET as googleConnectGET } from "@/app/api/auth/google/connect/route";
import { GET as zoomCallbackGET } from "@/app/api/auth/zoom/callback/route";
import { GET as zoomConnectGET } from "@/app/api/auth/zoom/connect/route";
import { getTutorVideoProvider } from "@/lib/video/get-tutor-video-provider";
import type { TMeetingRequest } from "@/lib/video/types";
import { POST as zoomWebhookPOST } from "@/app/api/webhooks/zoom/route";
import { connectThroughFake, locationOf, routeRequest } from "../fakes/oauth-driver";
import { startProviderFakes, type TProviderFakes } from "../fakes/start-fakes";
import { ZOOM_FAKE_ACCOUNT_ID } from "../fakes/zoom-fake";
import { zoomWebhookDelivery } from "../fakes/zoom-webhook";
import { testDb } from "../support/db";
import { createTutor, readResponse, signIn, type TTestUser } from "../support/factories";
import { caught } from "../support/caught";

let sql: Sql;
let fakes: TProviderFakes;
let appUrl: string;

const request = (sessionKey: string): TMeetingRequest => ({
  sessionKey,
  topic: "Physics with Test Tutor",
  startAt: new Date("2026-12-01T14:00:00.000Z"),
  durationMinutes: 45,
  timezone: "America/Port_of_Spain",
});

async function connections(tutorId: string) {
  return sql<{ id: string; provider: string; status: string; expires_at: Date | null; refresh_token_encrypted: string | null }[]>`
    select id, provider, status, expires_at, refresh_token_encrypted from public.tutor_video_provider_connections
    where tutor_id = ${tutorId} order by created_at desc
  `;
}

const connectZoom = (token: string) =>
  connectThroughFake({
    appUrl,
    connect: zoomConnectGET,
    callback: zoomCallbackGET,
    approve: (url) => fakes.zoom.approve(url),
    token,
    connectPath: "/api/auth/zoom/connect",
  });

async function zoomTutor(): Promise<{ tutor: TTestUser; token: string }> {
  const tutor = await createTutor(sql, { withVideo: false });
  const token = await signIn(tutor);
  const { outcome } = await connectZoom(token);
  expect(outcome.searchParams.get("connected")).toBe("zoom");
  return { tutor, token };
}

beforeAll(async () => {
  sql = testDb();
  fakes = await startProviderFakes();
  Object.assign(process.env, fakes.env);
  appUrl = process.env.APP_URL ?? "";
  fakes.zoom.state.allowedRedirectUris = [`${appUrl}/api/auth/zoom/callback`];
});

afterAll(async () => {
  await fakes.stop();
  await sql.end();
});

describe("Zoom, end to end against the fake", () => {
  it("uses PKCE and Basic auth, stores the connection, and creates a type-2 meeting", async () => {
    const tutor = await createTutor(sql, { withVideo: false });
    const token = await signIn(tutor);
    const { authorizeUrl, outcome } = await connectZoom(token);
    expect(authorizeUrl.searchParams.get("redirect_uri")).toBe(`${appUrl}/api/auth/zoom/callback`);
    expect(authorizeUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorizeUrl.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(outcome.toString()).toBe(`${appUrl}/tutor/video-setup?connected=zoom`);
    expect((await connections(tutor.id))[0]).toMatchObject({ provider: "zoom", status: "connected" });
    // The Zoom account id: webhooks name a meeting by account id + meeting id.
    const [account] =
      await sql`select provider_account_id, provider_tenant_id from public.tutor_video_provider_connections where tutor_id = ${tutor.id}`;
    expect(account).toEqual({ provider_account_id: fakes.zoom.state.account.id, provider_tenant_id: ZOOM_FAKE_ACCOUNT_ID });

    const { provider } = await getTutorVideoProvider({ db: sql, tutorId: tutor.id, now: new Date() });
    const meeting = await provider.createMeeting(request("zoom-session-1"));
    const stored = fakes.zoom.state.meetings.get(meeting.meetingExternalId);
    expect(stored).toMatchObject({ type: 2, start_time: "2026-12-01T14:00:00Z", duration: 45, timezone: "America/Port_of_Spain" });
    expect(meeting).toMatchObject({ provider: "zoom", joinUrl: stored?.join_url });
  });

  it("moves and deletes meetings", async () => {
    const { tutor } = await zoomTutor();
    const { provider } = await getTutorVideoProvider({ db: sql, tutorId: tutor.id, now: new Date() });
    const meeting = await provider.createMeeting(request("zoom-session-2"));
    const moved = await provider.updateMeeting(meeting.meetingExternalId, { ...request("zoom-session-2"), durationMinutes: 90 });
    expect(moved.joinUrl).toBe(meeting.joinUrl);
    expect(fakes.zoom.state.meetings.get(meeting.meetingExternalId)).toMatchObject({ duration: 90 });
    await provider.deleteMeeting(meeting.meetingExternalId);
    expect(fakes.zoom.state.meetings.has(meeting.meetingExternalId)).toBe(false);
    await provider.deleteMeeting(meeting.meetingExternalId); // 404 from Zoom: already gone
  });

  it("two concurrent refreshes spend the rotating refresh token once and keep the new pair", async () => {
    const { tutor } = await zoomTutor();
    const [before] = await connections(tutor.id);
    await sql`update public.tutor_video_provider_connections set expires_at = now() - interval '1 minute' where id = ${before?.id ?? ""}`;
    fakes.zoom.state.refreshDelayMs = 150;
    const grants = fakes.zoom.state.tokenGrants.refresh_token;
    try {
      const meetings = await Promise.all(
        ["zoom-race-a", "zoom-race-b", "zoom-race-c"].map(async (key) => {
          const { provider } = await getTutorVideoProvider({ db: sql, tutorId: tutor.id, now: new Date() });
          return provider.createMeeting(request(key));
        }),
      );
      expect(meetings).toHaveLength(3);
    } finally {
      fakes.zoom.state.refreshDelayMs = 0;
    }
    expect(fakes.zoom.state.tokenGrants.refresh_token).toBe(grants + 1);
    expect(fakes.zoom.state.tokenGrants.spent_refresh_reused).toBe(0);
    const [after] = await connections(tutor.id);
    expect(after?.status).toBe("connected");
    expect(after?.refresh_token_encrypted).not.toBe(before?.refresh_token_encrypted);

    // The stored (rotated) refresh token is the live one: the next refresh works too.
    await sql`update public.tutor_video_provider_connections set expires_at = now() where id = ${after?.id ?? ""}`;
    const { provider } = await getTutorVideoProvider({ db: sql, tutorId: tutor.id, now: new Date() });
    await provider.createMeeting(request("zoom-after-race"));
    expect(fakes.zoom.state.tokenGrants.refresh_token).toBe(grants + 2);
  });

  it("refreshes once on a 401 and retries", async () => {
    const { tutor } = await zoomTutor();
    fakes.zoom.invalidateAccessTokens();
    const grants = fakes.zoom.state.tokenGrants.refresh_token;
    const calls = fakes.zoom.state.apiCalls.length;
    const { provider } = await getTutorVideoProvider({ db: sql, tutorId: tutor.id, now: new Date() });
    await provider.createMeeting(request("zoom-401"));
    expect(fakes.zoom.state.tokenGrants.refresh_token).toBe(grants + 1);
    expect(fakes.zoom.state.apiCalls.slice(calls).map((call) => call.status)).toEqual([401, 200]);
  });

  it("invalid_grant (app removed at Zoom) marks the connection invalid", async () => {
    const { tutor } = await zoomTutor();
    fakes.zoom.revokeRefreshTokens();
    const { provider } = await getTutorVideoProvider({ db: sql, tutorId: tutor.id, now: new Date() });
    const error = await caught(provider.createMeeting(request("zoom-revoked")));
    expect(error.code).toBe("provider_not_connected");
    expect((await connections(tutor.id))[0]).toMatchObject({ status: "invalid", refresh_token_encrypted: null });
  });
});

describe("app.deauthorized (the tutor removed the app at Zoom)", () => {
  it("marks that Zoom user's connection invalid at once, idempotently", async () => {
    const account = { id: `deauth-${Date.now()}`, email: "removed.app@zoom.test" };
    const previous = fakes.zoom.state.account;
    fakes.zoom.state.account = account;
    const { tutor } = await zoomTutor().finally(() => {
      fakes.zoom.state.account = previous;
    });
    const body = {
      event: "app.deauthorized",
      event_ts: Date.now(),
      payload: { account_id: "acc", user_id: account.id, deauthorization_time: new Date().toISOString() },
    };
    for (const expected of [1, 0]) {
      const delivery = zoomWebhookDelivery({ secret: process.env.ZOOM_WEBHOOK_SECRET ?? "", body });
      const request = new Request("http://localhost/api/webhooks/zoom", {
        method: "POST",
        headers: delivery.headers,
        body: delivery.rawBody,
      });
      expect(await readResponse(await zoomWebhookPOST(request, undefined))).toMatchObject({ status: 200, body: { invalidated: expected } });
    }
    expect((await connections(tutor.id))[0]).toMatchObject({ status: "invalid", refresh_token_encrypted: null });
    const events = await sql<
      { type: string }[]
    >`select type from public.tutor_video_connection_events where tutor_id = ${tutor.id} order by id`;
    expect(events.map((event) => event.type)).toEqual(["connection.connected", "connection.invalid"]);
  });
});

describe("switching provider", () => {
  it("replaces the old connection only once the new one works, in one step", async () => {
    const { tutor, token } = await zoomTutor();
    // A failed switch (the tutor cancels at Google) keeps Zoom in place.
    const started = await googleConnectGET(routeRequest(`${appUrl}/api/auth/google/connect`, { token }), undefined);
    const denied = fakes.google.approve(locationOf(started).toString(), { deny: true });
    const back = locationOf(await googleCallbackGET(routeRequest(denied, { token }), undefined));
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect((await connections(tutor.id)).map((row) => [row.provider, row.status])).toEqual([["zoom", "connected"]]);

    const { outcome } = await connectThroughFake({
      appUrl,
      connect: googleConnectGET,
      callback: googleCallbackGET,
      approve: (url) => fakes.google.approve(url),
      token,
      connectPath: "/api/auth/google/connect",
    });
    expect(outcome.searchParams.get("connected")).toBe("google_meet");
    const rows = await connections(tutor.id);
    expect(rows.map((row) => [row.provider, row.status])).toEqual([
      ["google_meet", "connected"],
      ["zoom", "revoked"],
    ]);
    expect(rows[1]?.refresh_token_encrypted).toBeNull();
    const { provider } = await getTutorVideoProvider({ db: sql, tutorId: tutor.id, now: new Date() });
    expect(provider.name).toBe("google_meet");
    const events = await sql<{ type: string }[]>`
      select type from public.tutor_video_connection_events where tutor_id = ${tutor.id} order by id
    `;
    expect(events.map((event) => event.type)).toEqual(["connection.connected", "connection.replaced", "connection.connected"]);
  });
});
