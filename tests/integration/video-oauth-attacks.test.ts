import type { Sql } from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as callbackGET } from "@/app/api/auth/google/callback/route";
import { GET as connectGET } from "@/app/api/auth/google/connect/route";
import { GET as zoomCallbackGET } from "@/app/api/auth/zoom/callback/route";
import { GET as zoomConnectGET } from "@/app/api/auth/zoom/connect/route";
import { getDb } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";
import { completeOAuthConnection } from "@/lib/video/oauth/complete-oauth-connection";
import { OAuthConnectionError } from "@/lib/video/oauth/oauth-failures";
import { locationOf, routeRequest } from "../fakes/oauth-driver";
import { startProviderFakes, type TProviderFakes } from "../fakes/start-fakes";
import { testDb } from "../support/db";
import { createTutor, createUser, readResponse, signIn, type TTestUser } from "../support/factories";

let sql: Sql;
let fakes: TProviderFakes;
let appUrl: string;
let tutor: TTestUser;
let otherTutor: TTestUser;
let token: string;
let otherToken: string;
let grantsBefore: number;

const CONNECT = "/api/auth/google/connect";

/** Starts a connect as `as` and returns the provider's callback URL (as if the tutor clicked Allow). */
async function consentedCallback(as: string): Promise<URL> {
  const started = await connectGET(routeRequest(`${appUrl}${CONNECT}`, { token: as }), undefined);
  return new URL(fakes.google.approve(locationOf(started).toString()));
}

async function callback(url: URL | string, as: string | null): Promise<URL> {
  const response = await callbackGET(routeRequest(url.toString(), { token: as }), undefined);
  expect(response.status).toBe(303);
  return locationOf(response);
}

async function connectionCount(tutorId: string): Promise<number> {
  const [row] = await sql<{ count: number }[]>`
    select count(*)::int as count from public.tutor_video_provider_connections where tutor_id = ${tutorId}
  `;
  return row?.count ?? -1;
}

function expectRejected(outcome: URL, failure: string): void {
  expect(outcome.origin).toBe(new URL(appUrl).origin);
  expect(outcome.pathname).toBe("/tutor/video-setup");
  expect(outcome.searchParams.get("error")).toBe(failure);
  expect(outcome.searchParams.get("connected")).toBeNull();
}

beforeAll(async () => {
  sql = testDb();
  fakes = await startProviderFakes();
  Object.assign(process.env, fakes.env);
  appUrl = process.env.APP_URL ?? "";
  tutor = await createTutor(sql, { withVideo: false });
  otherTutor = await createTutor(sql, { withVideo: false });
  [token, otherToken] = await Promise.all([signIn(tutor), signIn(otherTutor)]);
});

beforeEach(() => {
  grantsBefore = fakes.google.state.tokenGrants.authorization_code;
});

afterAll(async () => {
  await fakes.stop();
  await sql.end();
});

describe("OAuth callback attacks: all rejected, nothing stored, no code exchanged", () => {
  it("a tampered state", async () => {
    const url = await consentedCallback(token);
    const state = url.searchParams.get("state") ?? "";
    const [payload, signature] = state.split(".");
    const decoded = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
    url.searchParams.set(
      "state",
      `${Buffer.from(JSON.stringify({ ...decoded, e: (decoded.e as number) + 3600 })).toString("base64url")}.${signature}`,
    );
    expectRejected(await callback(url, token), "state_invalid");
    url.searchParams.set("state", `${payload}.${"A".repeat(43)}`);
    expectRejected(await callback(url, token), "state_invalid");
    expect(await connectionCount(tutor.id)).toBe(0);
    expect(fakes.google.state.tokenGrants.authorization_code).toBe(grantsBefore);
  });

  it("a replayed state: the second use is refused", async () => {
    const url = await consentedCallback(token);
    expect((await callback(url, token)).searchParams.get("connected")).toBe("google_meet");
    expectRejected(await callback(url, token), "state_invalid");
    expect(await connectionCount(tutor.id)).toBe(1);
    expect(fakes.google.state.tokenGrants.authorization_code).toBe(grantsBefore + 1);
    await sql`delete from public.tutor_video_connection_events where tutor_id = ${tutor.id}`;
    await sql`delete from public.tutor_video_provider_connections where tutor_id = ${tutor.id}`;
  });

  it("an expired state (older than 10 minutes)", async () => {
    const url = await consentedCallback(token);
    const attempt = completeOAuthConnection({
      db: getDb(),
      env: serverEnv(),
      viewer: tutor.viewer,
      provider: "google_meet",
      query: { code: url.searchParams.get("code") ?? "", state: url.searchParams.get("state") ?? "" },
      now: new Date(Date.now() + 10 * 60_000 + 1000),
    });
    await expect(attempt).rejects.toMatchObject({ failure: "state_expired" });
    await expect(attempt).rejects.toBeInstanceOf(OAuthConnectionError);
    expect(await connectionCount(tutor.id)).toBe(0);
    expect(fakes.google.state.tokenGrants.authorization_code).toBe(grantsBefore);
  });

  it("another tutor's state (a victim's browser finishing an attacker's flow, or vice versa)", async () => {
    const url = await consentedCallback(token);
    expectRejected(await callback(url, otherToken), "wrong_account");
    expect(await connectionCount(tutor.id)).toBe(0);
    expect(await connectionCount(otherTutor.id)).toBe(0);
    expect(fakes.google.state.tokenGrants.authorization_code).toBe(grantsBefore);
  });

  it("a state made for Google replayed at the Zoom callback", async () => {
    const url = await consentedCallback(token);
    const zoomUrl = new URL(`/api/auth/zoom/callback${url.search}`, appUrl);
    const outcome = locationOf(await zoomCallbackGET(routeRequest(zoomUrl.toString(), { token }), undefined));
    expectRejected(outcome, "state_invalid");
    expect(await connectionCount(tutor.id)).toBe(0);
  });

  it("a callback without a session (no cookie, no token)", async () => {
    const url = await consentedCallback(token);
    expectRejected(await callback(url, null), "session_required");
    expect(await connectionCount(tutor.id)).toBe(0);
    expect(fakes.google.state.tokenGrants.authorization_code).toBe(grantsBefore);
  });

  it("a callback with no state, or with a forged one", async () => {
    const url = await consentedCallback(token);
    url.searchParams.delete("state");
    expectRejected(await callback(url, token), "state_invalid");
    url.searchParams.set("state", "https://evil.example/");
    expectRejected(await callback(url, token), "state_invalid");
    expect(await connectionCount(tutor.id)).toBe(0);
  });

  it("a consent the tutor cancelled", async () => {
    const started = await connectGET(routeRequest(`${appUrl}${CONNECT}`, { token }), undefined);
    const denied = fakes.google.approve(locationOf(started).toString(), { deny: true });
    expectRejected(await callback(denied, token), "access_denied");
    expect(await connectionCount(tutor.id)).toBe(0);
  });
});

describe("connect: redirects only to the app's own paths, computed from APP_URL", () => {
  it.each(["https://evil.example/steal", "//evil.example/steal", "/\\evil.example", "javascript:alert(1)"])(
    "refuses return_to=%s (422) and records no state",
    async (target) => {
      const [{ count: before } = { count: 0 }] = await sql<{ count: number }[]>`select count(*)::int as count from public.oauth_states`;
      const response = await connectGET(routeRequest(`${appUrl}${CONNECT}?return_to=${encodeURIComponent(target)}`, { token }), undefined);
      const { status, code } = await readResponse(response);
      expect({ status, code }).toEqual({ status: 422, code: "invalid_input" });
      const [{ count: after } = { count: 0 }] = await sql<{ count: number }[]>`select count(*)::int as count from public.oauth_states`;
      expect(after).toBe(before);
    },
  );

  it("ignores Host and X-Forwarded-Host when building redirect_uri", async () => {
    const response = await connectGET(
      routeRequest(`https://evil.example${CONNECT}`, { token, headers: { host: "evil.example", "x-forwarded-host": "evil.example" } }),
      undefined,
    );
    expect(locationOf(response).searchParams.get("redirect_uri")).toBe(`${appUrl}/api/auth/google/callback`);
  });

  it("sends a signed-out visitor to sign in, without starting anything", async () => {
    const response = await connectGET(routeRequest(`${appUrl}${CONNECT}`), undefined);
    expect(locationOf(response).toString()).toBe(`${appUrl}/login?next=%2Ftutor%2Fvideo-setup`);
  });

  it("refuses a student (403)", async () => {
    const student = await createUser(sql, { role: "student" });
    const response = await zoomConnectGET(routeRequest(`${appUrl}/api/auth/zoom/connect`, { token: await signIn(student) }), undefined);
    expect(await readResponse(response)).toMatchObject({ status: 403, code: "forbidden" });
  });

  it("keeps a valid own-path return_to through the round trip", async () => {
    const started = await connectGET(routeRequest(`${appUrl}${CONNECT}?return_to=%2Ftutor%2Fbookings`, { token }), undefined);
    const outcome = await callback(fakes.google.approve(locationOf(started).toString()), token);
    expect(outcome.toString()).toBe(`${appUrl}/tutor/bookings?connected=google_meet`);
  });
});
