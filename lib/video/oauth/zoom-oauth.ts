import "server-only";
import type { TServerEnv } from "@/lib/env/server-env";
import { fetchJson, joinUrl, providerReason, type THttpResult } from "@/lib/video/providers/http";
import { oauthRedirectUri } from "./redirect-uri";
import { expiresAtFrom, InvalidGrantError, OAuthCallError, scopesFrom, type OAuthAdapter, type TTokenSet } from "./types";

export type TZoomConfig = Pick<
  TServerEnv,
  "APP_URL" | "ZOOM_CLIENT_ID" | "ZOOM_CLIENT_SECRET" | "ZOOM_OAUTH_BASE_URL" | "ZOOM_API_BASE_URL"
>;

/** Zoom user OAuth: authorization code with PKCE, token calls authenticated with HTTP Basic. */
export function createZoomOAuthAdapter(config: TZoomConfig): OAuthAdapter {
  const redirectUri = oauthRedirectUri(config.APP_URL, "zoom");
  const tokenCall = (form: Record<string, string>): Promise<THttpResult> =>
    fetchJson(joinUrl(config.ZOOM_OAUTH_BASE_URL, "/oauth/token"), {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${config.ZOOM_CLIENT_ID ?? ""}:${config.ZOOM_CLIENT_SECRET ?? ""}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams(form).toString(),
    });

  return {
    provider: "zoom",
    authorizeUrl({ state, codeChallenge }) {
      const url = new URL(joinUrl(config.ZOOM_OAUTH_BASE_URL, "/oauth/authorize"));
      url.search = new URLSearchParams({
        response_type: "code",
        client_id: config.ZOOM_CLIENT_ID ?? "",
        redirect_uri: redirectUri,
        state,
        code_challenge: codeChallenge,
        code_challenge_method: "S256",
      }).toString();
      return url.toString();
    },
    async exchangeCode({ code, codeVerifier, now }) {
      const result = await tokenCall({ grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: codeVerifier });
      if (result.status !== 200) throw new OAuthCallError("Zoom did not accept the authorization code.", providerReason(result));
      return tokenSetFrom(result, now);
    },
    async refresh({ refreshToken, now }) {
      const result = await tokenCall({ grant_type: "refresh_token", refresh_token: refreshToken });
      if (result.status !== 200) {
        if (oauthErrorOf(result) === "invalid_grant")
          throw new InvalidGrantError(`Zoom refused the refresh token (${providerReason(result)}).`);
        throw new OAuthCallError("Zoom could not refresh the access token.", providerReason(result));
      }
      return tokenSetFrom(result, now);
    },
    async fetchAccount(accessToken) {
      const result = await fetchJson(joinUrl(config.ZOOM_API_BASE_URL, "/v2/users/me"), {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      const body = asRecord(result.body);
      if (result.status !== 200 || typeof body.id !== "string") {
        throw new OAuthCallError("Zoom did not let us read the connected account.", providerReason(result));
      }
      return {
        id: body.id,
        email: typeof body.email === "string" ? body.email : null,
        tenantId: typeof body.account_id === "string" ? body.account_id : null,
      };
    },
  };
}

function tokenSetFrom(result: THttpResult, now: Date): TTokenSet {
  const body = asRecord(result.body);
  if (typeof body.access_token !== "string" || body.access_token === "") {
    throw new OAuthCallError("Zoom returned no access token.", "token response without access_token");
  }
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === "string" && body.refresh_token !== "" ? body.refresh_token : null,
    expiresAt: expiresAtFrom(now, body.expires_in),
    scopes: scopesFrom(body.scope),
  };
}

function oauthErrorOf(result: THttpResult): string | null {
  const error = asRecord(result.body).error;
  return typeof error === "string" ? error : null;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}
