import { randomBytes, randomUUID } from "node:crypto";
import {
  bearerToken,
  callbackUrl,
  clientCredentials,
  consentPage,
  randomToken,
  s256,
  sendHtml,
  sendJson,
  sendRedirect,
  type TFakeContext,
  type TFakeRoute,
} from "./fake-http.ts";
import { googleApiRoutes, type TConferenceRecord, type TEvent } from "./google-api-fake.ts";

/**
 * A local stand-in for Google's OAuth endpoints, the Calendar API (events with Meet
 * conferences), userinfo and the Meet REST API's conference records — enough for the
 * real googleapis client to run against it. OAuth lives under `/google`; the APIs at the
 * server's root, because googleapis resolves API paths against the origin of `rootUrl`.
 */
export type TFakeAccount = { id: string; email: string };
type TCode = { clientId: string; redirectUri: string; challenge: string | null; scope: string; account: TFakeAccount; isUsed: boolean };
export type TAccess = { account: TFakeAccount; expiresAt: number; isRevoked: boolean };
type TRefresh = { account: TFakeAccount; scope: string; isRevoked: boolean };

export type TGoogleFake = ReturnType<typeof createGoogleFake>;

export const GOOGLE_FAKE_CLIENT = { id: "fake-google-client.apps.googleusercontent.com", secret: "fake-google-client-secret" } as const;

export function createGoogleFake(options: { prefix: string; baseUrl: () => string; account?: TFakeAccount }) {
  const state = {
    account: options.account ?? { id: "108234567890123456789", email: "tutor.fake@gmail.test" },
    accessTokenTtlSeconds: 3599,
    allowedRedirectUris: null as string[] | null,
    codes: new Map<string, TCode>(),
    accessTokens: new Map<string, TAccess>(),
    refreshTokens: new Map<string, TRefresh>(),
    events: new Map<string, TEvent>(),
    conferenceRecords: [] as TConferenceRecord[],
    tokenGrants: { authorization_code: 0, refresh_token: 0 },
    calendarCalls: [] as { method: string; path: string; status: number }[],
    nextCalendarFailure: null as { status: number; message: string } | null,
    isMeetApiHanging: false,
    meetCalls: 0,
    lastAuthorizeQuery: null as URLSearchParams | null,
  };
  const p = options.prefix;

  /** Checks an authorize request like Google does; returns the problem or null. */
  const authorizeProblem = (query: URLSearchParams): string | null => {
    if (query.get("client_id") !== GOOGLE_FAKE_CLIENT.id) return "invalid_client";
    if (query.get("response_type") !== "code") return "unsupported_response_type";
    const redirectUri = query.get("redirect_uri") ?? "";
    if (!/^https?:\/\//.test(redirectUri) || (state.allowedRedirectUris && !state.allowedRedirectUris.includes(redirectUri)))
      return "redirect_uri_mismatch";
    if (query.get("code_challenge") && query.get("code_challenge_method") !== "S256") return "invalid_request";
    return null;
  };

  const issueCode = (query: URLSearchParams, email: string | null): string => {
    const code = randomToken("4/fake-code-");
    const account =
      email && email !== state.account.email ? { id: `1${randomBytes(10).toString("hex").replace(/\D/g, "7")}`, email } : state.account;
    state.codes.set(code, {
      clientId: query.get("client_id") ?? "",
      redirectUri: query.get("redirect_uri") ?? "",
      challenge: query.get("code_challenge"),
      scope: query.get("scope") ?? "",
      account,
      isUsed: false,
    });
    return code;
  };

  const issueAccessToken = (account: TFakeAccount): string => {
    const token = randomToken("ya29.fake-");
    state.accessTokens.set(token, { account, expiresAt: Date.now() + state.accessTokenTtlSeconds * 1000, isRevoked: false });
    return token;
  };

  const authorized = (context: TFakeContext): TAccess | null => {
    const token = bearerToken(context.req);
    const access = token ? state.accessTokens.get(token) : undefined;
    if (access && !access.isRevoked && access.expiresAt > Date.now()) return access;
    sendJson(context.res, 401, {
      error: {
        code: 401,
        message: "Request had invalid authentication credentials.",
        status: "UNAUTHENTICATED",
        errors: [{ reason: "authError" }],
      },
    });
    return null;
  };

  const token = (context: TFakeContext) => {
    const form = new URLSearchParams(context.body);
    const client = clientCredentials(context.req, form);
    if (client.id !== GOOGLE_FAKE_CLIENT.id || client.secret !== GOOGLE_FAKE_CLIENT.secret) {
      return sendJson(context.res, 401, { error: "invalid_client", error_description: "The OAuth client was not found." });
    }
    const grantType = form.get("grant_type");
    if (grantType === "authorization_code") {
      state.tokenGrants.authorization_code += 1;
      const code = state.codes.get(form.get("code") ?? "");
      const verifier = form.get("code_verifier");
      const isValid =
        code &&
        !code.isUsed &&
        code.redirectUri === form.get("redirect_uri") &&
        (code.challenge === null || (verifier !== null && s256(verifier) === code.challenge));
      if (!code || !isValid) return sendJson(context.res, 400, { error: "invalid_grant", error_description: "Bad Request" });
      code.isUsed = true;
      const refreshToken = randomToken("1//fake-refresh-");
      state.refreshTokens.set(refreshToken, { account: code.account, scope: code.scope, isRevoked: false });
      return sendJson(context.res, 200, {
        access_token: issueAccessToken(code.account),
        expires_in: state.accessTokenTtlSeconds,
        refresh_token: refreshToken,
        scope: code.scope,
        token_type: "Bearer",
      });
    }
    if (grantType === "refresh_token") {
      state.tokenGrants.refresh_token += 1;
      const refresh = state.refreshTokens.get(form.get("refresh_token") ?? "");
      if (!refresh || refresh.isRevoked) {
        return sendJson(context.res, 400, { error: "invalid_grant", error_description: "Token has been expired or revoked." });
      }
      // Google keeps the refresh token: the response carries a new access token only.
      return sendJson(context.res, 200, {
        access_token: issueAccessToken(refresh.account),
        expires_in: state.accessTokenTtlSeconds,
        scope: refresh.scope,
        token_type: "Bearer",
      });
    }
    return sendJson(context.res, 400, { error: "unsupported_grant_type" });
  };

  const routes: TFakeRoute[] = [
    {
      method: "GET",
      pattern: new RegExp(`^${p}/o/oauth2/v2/auth$`),
      handle: (context) => {
        state.lastAuthorizeQuery = context.url.searchParams;
        const problem = authorizeProblem(context.url.searchParams);
        if (problem) return sendHtml(context.res, 400, `<h1>Error 400: ${problem}</h1>`);
        sendHtml(
          context.res,
          200,
          consentPage({
            title: "Sign in with Google (local fake)",
            action: `${p}/o/oauth2/v2/consent`,
            query: context.url.searchParams,
            email: state.account.email,
            scopes: (context.url.searchParams.get("scope") ?? "").split(" "),
          }),
        );
      },
    },
    {
      method: "POST",
      pattern: new RegExp(`^${p}/o/oauth2/v2/consent$`),
      handle: (context) => {
        const form = new URLSearchParams(context.body);
        const problem = authorizeProblem(form);
        if (problem) return sendHtml(context.res, 400, `<h1>Error 400: ${problem}</h1>`);
        if (form.get("decision") !== "allow") return sendRedirect(context.res, callbackUrl(form, { error: "access_denied" }));
        sendRedirect(context.res, callbackUrl(form, { code: issueCode(form, form.get("login_email")), scope: form.get("scope") ?? "" }));
      },
    },
    { method: "POST", pattern: new RegExp(`^${p}/token$`), handle: token },
    ...googleApiRoutes(state, authorized),
  ];

  const controls = {
    state,
    /** Programmatic consent (what clicking Allow does): the callback URL with a code, or with an error. */
    approve(authorizeUrl: string, decision: { email?: string; deny?: boolean } = {}): string {
      const query = new URL(authorizeUrl).searchParams;
      const problem = authorizeProblem(query);
      if (problem) throw new Error(`fake Google refused the authorize request: ${problem}`);
      if (decision.deny) return callbackUrl(query, { error: "access_denied" });
      return callbackUrl(query, { code: issueCode(query, decision.email ?? null), scope: query.get("scope") ?? "" });
    },
    /** Every access token issued so far stops working (as if expired or revoked at Google). */
    invalidateAccessTokens(): void {
      for (const access of state.accessTokens.values()) access.isRevoked = true;
    },
    /** The user revoked the app: refresh tokens fail with invalid_grant. */
    revokeRefreshTokens(): void {
      for (const refresh of state.refreshTokens.values()) refresh.isRevoked = true;
      controls.invalidateAccessTokens();
    },
    failNextCalendarCall(status: number, message: string): void {
      state.nextCalendarFailure = { status, message };
    },
    /** Meet API requests hang (never answered) until called with false. */
    hangMeetApi(isHanging: boolean): void {
      state.isMeetApiHanging = isHanging;
    },
    addConferenceRecord(record: Omit<TConferenceRecord, "name">): string {
      const name = `conferenceRecords/${randomUUID()}`;
      state.conferenceRecords.push({ ...record, name });
      return name;
    },
    url(path: string): string {
      return `${options.baseUrl()}${p}${path}`;
    },
  };
  return { routes, controls };
}
