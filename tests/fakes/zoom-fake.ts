import { randomBytes } from "node:crypto";
import {
  bearerToken,
  callbackUrl,
  clientCredentials,
  consentPage,
  randomToken,
  s256,
  sendEmpty,
  sendHtml,
  sendJson,
  sendRedirect,
  type TFakeContext,
  type TFakeRoute,
} from "./fake-http.ts";

/**
 * A local stand-in for Zoom user OAuth (authorization code + PKCE, Basic-authenticated token
 * calls, refresh tokens that ROTATE: each one works once) and the meetings API.
 * OAuth under `/zoom`, the REST API under `/zoom/api`.
 */
export type TZoomFakeAccount = { id: string; email: string; accountId?: string };
/** The Zoom account id the fake's users belong to (webhook deliveries carry it as payload.account_id). */
export const ZOOM_FAKE_ACCOUNT_ID = "fake-account";
type TCode = { redirectUri: string; challenge: string | null; account: TZoomFakeAccount; isUsed: boolean };
type TMeeting = Record<string, unknown> & { id: number; uuid: string; join_url: string };

export type TZoomFake = ReturnType<typeof createZoomFake>;

export const ZOOM_FAKE_CLIENT = { id: "fakeZoomClientId", secret: "fake-zoom-client-secret" } as const;
const ZOOM_SCOPES = "meeting:write:meeting meeting:read:meeting meeting:update:meeting meeting:delete:meeting user:read:user";

export function createZoomFake(options: { prefix: string; baseUrl: () => string; account?: TZoomFakeAccount }) {
  const state = {
    account: options.account ?? { id: "KdYKjnimT4KPd8FFgQt9FQ", email: "tutor.fake@zoom.test" },
    accessTokenTtlSeconds: 3599,
    /** Delay before answering a refresh, to widen race windows in concurrency tests. */
    refreshDelayMs: 0,
    allowedRedirectUris: null as string[] | null,
    codes: new Map<string, TCode>(),
    accessTokens: new Map<string, { account: TZoomFakeAccount; expiresAt: number; isRevoked: boolean }>(),
    refreshTokens: new Map<string, { account: TZoomFakeAccount; isSpent: boolean }>(),
    meetings: new Map<string, TMeeting>(),
    tokenGrants: { authorization_code: 0, refresh_token: 0, spent_refresh_reused: 0 },
    apiCalls: [] as { method: string; path: string; status: number }[],
    /** The next N meeting deletes answer 500 (a provider outage), for retry tests. */
    failingDeletes: 0,
  };
  const p = options.prefix;

  const authorizeProblem = (query: URLSearchParams): string | null => {
    if (query.get("client_id") !== ZOOM_FAKE_CLIENT.id) return "Invalid client_id";
    if (query.get("response_type") !== "code") return "Unsupported response type";
    const redirectUri = query.get("redirect_uri") ?? "";
    if (!/^https?:\/\//.test(redirectUri) || (state.allowedRedirectUris && !state.allowedRedirectUris.includes(redirectUri)))
      return "Invalid redirect";
    if (query.get("code_challenge") && query.get("code_challenge_method") !== "S256") return "Invalid code_challenge_method";
    return null;
  };

  const issueCode = (query: URLSearchParams): string => {
    const code = randomToken("zc_");
    state.codes.set(code, {
      redirectUri: query.get("redirect_uri") ?? "",
      challenge: query.get("code_challenge"),
      account: state.account,
      isUsed: false,
    });
    return code;
  };

  const issuePair = (account: TZoomFakeAccount) => {
    const accessToken = randomToken("zat_");
    const refreshToken = randomToken("zrt_");
    state.accessTokens.set(accessToken, { account, expiresAt: Date.now() + state.accessTokenTtlSeconds * 1000, isRevoked: false });
    state.refreshTokens.set(refreshToken, { account, isSpent: false });
    return {
      access_token: accessToken,
      token_type: "bearer",
      refresh_token: refreshToken,
      expires_in: state.accessTokenTtlSeconds,
      scope: ZOOM_SCOPES,
    };
  };

  const token = async (context: TFakeContext) => {
    const form = new URLSearchParams(context.body);
    // Zoom requires HTTP Basic client authentication on the token endpoint.
    const isBasic = /^Basic\s/i.test(context.req.headers.authorization ?? "");
    const client = clientCredentials(context.req, form);
    if (!isBasic || client.id !== ZOOM_FAKE_CLIENT.id || client.secret !== ZOOM_FAKE_CLIENT.secret) {
      return sendJson(context.res, 401, { reason: "Invalid client_id or client_secret", error: "invalid_client" });
    }
    const grantType = form.get("grant_type");
    if (grantType === "authorization_code") {
      state.tokenGrants.authorization_code += 1;
      const code = state.codes.get(form.get("code") ?? "");
      const verifier = form.get("code_verifier");
      if (!code || code.isUsed || code.redirectUri !== form.get("redirect_uri")) {
        return sendJson(context.res, 400, { reason: "Invalid authorization code", error: "invalid_grant" });
      }
      if (code.challenge !== null && (verifier === null || s256(verifier) !== code.challenge)) {
        return sendJson(context.res, 400, { reason: "Invalid code verifier", error: "invalid_request" });
      }
      code.isUsed = true;
      return sendJson(context.res, 200, issuePair(code.account));
    }
    if (grantType === "refresh_token") {
      state.tokenGrants.refresh_token += 1;
      const presented = form.get("refresh_token") ?? "";
      const refresh = state.refreshTokens.get(presented);
      if (state.refreshDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.refreshDelayMs));
      if (!refresh || refresh.isSpent) {
        if (refresh?.isSpent) state.tokenGrants.spent_refresh_reused += 1;
        return sendJson(context.res, 400, { reason: "Invalid Token!", error: "invalid_grant" });
      }
      // Rotation: the presented refresh token is spent; a new pair replaces it.
      refresh.isSpent = true;
      return sendJson(context.res, 200, issuePair(refresh.account));
    }
    return sendJson(context.res, 400, { reason: "Unsupported grant type", error: "unsupported_grant_type" });
  };

  const api = (context: TFakeContext, fn: (account: TZoomFakeAccount) => void) => {
    const bearer = bearerToken(context.req);
    const access = bearer ? state.accessTokens.get(bearer) : undefined;
    const isValid = access && !access.isRevoked && access.expiresAt > Date.now();
    state.apiCalls.push({ method: context.req.method ?? "", path: context.url.pathname, status: isValid ? 200 : 401 });
    if (!access || !isValid) return sendJson(context.res, 401, { code: 124, message: "Invalid access token." });
    fn(access.account);
  };

  const createMeeting = (context: TFakeContext) =>
    api(context, (account) => {
      const body = JSON.parse(context.body || "{}") as Record<string, unknown>;
      if (body.type !== 2 || typeof body.start_time !== "string" || typeof body.duration !== "number") {
        return sendJson(context.res, 300, { code: 300, message: "Invalid meeting: type 2 needs start_time and duration." });
      }
      const id = 80_000_000_000 + Math.floor(Math.random() * 9_999_999_999);
      const meeting: TMeeting = {
        ...body,
        id,
        uuid: `${randomBytes(16).toString("base64")}`,
        host_id: account.id,
        host_email: account.email,
        join_url: `https://us05web.zoom.us/j/${id}?pwd=${randomBytes(12).toString("base64url")}`,
        start_url: `https://us05web.zoom.us/s/${id}?zak=${randomBytes(24).toString("base64url")}`,
        created_at: new Date().toISOString(),
      };
      state.meetings.set(String(id), meeting);
      sendJson(context.res, 201, meeting);
    });

  const oneMeeting = (context: TFakeContext) =>
    api(context, () => {
      const id = decodeURIComponent(context.params[0] ?? "");
      const meeting = state.meetings.get(id);
      if (!meeting) return sendJson(context.res, 404, { code: 3001, message: `Meeting does not exist: ${id}.` });
      if (context.req.method === "GET") return sendJson(context.res, 200, meeting);
      if (context.req.method === "DELETE") {
        if (state.failingDeletes > 0) {
          state.failingDeletes -= 1;
          return sendJson(context.res, 500, { code: 500, message: "fake: Zoom is having an outage" });
        }
        state.meetings.delete(id);
        return sendEmpty(context.res, 204);
      }
      const patch = JSON.parse(context.body || "{}") as Record<string, unknown>;
      state.meetings.set(id, { ...meeting, ...patch, id: meeting.id, uuid: meeting.uuid, join_url: meeting.join_url });
      sendEmpty(context.res, 204);
    });

  const routes: TFakeRoute[] = [
    {
      method: "GET",
      pattern: new RegExp(`^${p}/oauth/authorize$`),
      handle: (context) => {
        const problem = authorizeProblem(context.url.searchParams);
        if (problem) return sendHtml(context.res, 400, `<h1>${problem}</h1>`);
        sendHtml(
          context.res,
          200,
          consentPage({
            title: "Authorize with Zoom (local fake)",
            action: `${p}/oauth/consent`,
            query: context.url.searchParams,
            email: state.account.email,
            scopes: ZOOM_SCOPES.split(" "),
          }),
        );
      },
    },
    {
      method: "POST",
      pattern: new RegExp(`^${p}/oauth/consent$`),
      handle: (context) => {
        const form = new URLSearchParams(context.body);
        const problem = authorizeProblem(form);
        if (problem) return sendHtml(context.res, 400, `<h1>${problem}</h1>`);
        if (form.get("decision") !== "allow") return sendRedirect(context.res, callbackUrl(form, { error: "access_denied" }));
        sendRedirect(context.res, callbackUrl(form, { code: issueCode(form) }));
      },
    },
    { method: "POST", pattern: new RegExp(`^${p}/oauth/token$`), handle: token },
    {
      method: "GET",
      pattern: new RegExp(`^${p}/api/v2/users/me$`),
      handle: (context) =>
        api(context, (account) =>
          sendJson(context.res, 200, {
            id: account.id,
            email: account.email,
            account_id: account.accountId ?? ZOOM_FAKE_ACCOUNT_ID,
            type: 1,
            status: "active",
          }),
        ),
    },
    { method: "POST", pattern: new RegExp(`^${p}/api/v2/users/me/meetings$`), handle: createMeeting },
    { method: "GET", pattern: new RegExp(`^${p}/api/v2/meetings/([^/]+)$`), handle: oneMeeting },
    { method: "PATCH", pattern: new RegExp(`^${p}/api/v2/meetings/([^/]+)$`), handle: oneMeeting },
    { method: "DELETE", pattern: new RegExp(`^${p}/api/v2/meetings/([^/]+)$`), handle: oneMeeting },
  ];

  const controls = {
    state,
    approve(authorizeUrl: string, decision: { deny?: boolean } = {}): string {
      const query = new URL(authorizeUrl).searchParams;
      const problem = authorizeProblem(query);
      if (problem) throw new Error(`fake Zoom refused the authorize request: ${problem}`);
      return decision.deny ? callbackUrl(query, { error: "access_denied" }) : callbackUrl(query, { code: issueCode(query) });
    },
    invalidateAccessTokens(): void {
      for (const access of state.accessTokens.values()) access.isRevoked = true;
    },
    /** The user removed the app: every refresh token fails with invalid_grant. */
    revokeRefreshTokens(): void {
      for (const refresh of state.refreshTokens.values()) refresh.isSpent = true;
      controls.invalidateAccessTokens();
    },
  };
  return { routes, controls };
}
