import "server-only";
import { auth as googleAuth, oauth2 } from "googleapis/build/src/apis/oauth2/index.js";
import type { TServerEnv } from "@/lib/env/server-env";
import { googleErrorInfo } from "./google-errors";
import { oauthRedirectUri } from "./redirect-uri";
import { expiresAtFrom, InvalidGrantError, OAuthCallError, scopesFrom, type OAuthAdapter, type TTokenSet } from "./types";

export type TGoogleOAuthClient = InstanceType<typeof googleAuth.OAuth2>;
type TCodeChallengeMethod = NonNullable<NonNullable<Parameters<TGoogleOAuthClient["generateAuthUrl"]>[0]>["code_challenge_method"]>;

/** calendar.events to create Meet events; openid + email to name the account; Meet read-only for attendance. */
export const GOOGLE_SCOPES = [
  "openid",
  "email",
  "https://www.googleapis.com/auth/calendar.events",
  "https://www.googleapis.com/auth/meetings.space.readonly",
] as const;

export type TGoogleConfig = Pick<
  TServerEnv,
  "APP_URL" | "GOOGLE_CLIENT_ID" | "GOOGLE_CLIENT_SECRET" | "GOOGLE_OAUTH_AUTHORIZE_URL" | "GOOGLE_OAUTH_TOKEN_URL" | "GOOGLE_API_BASE_URL"
>;

/** The longest any one call to Google's token endpoint may take. */
export const GOOGLE_CALL_TIMEOUT_MS = 10_000;

/** googleapis' own OAuth2Client, with its endpoints taken from configuration (real Google or a local fake). */
export function createGoogleOAuthClient(config: TGoogleConfig): TGoogleOAuthClient {
  return new googleAuth.OAuth2({
    clientId: config.GOOGLE_CLIENT_ID,
    clientSecret: config.GOOGLE_CLIENT_SECRET,
    redirectUri: oauthRedirectUri(config.APP_URL, "google_meet"),
    endpoints: { oauth2AuthBaseUrl: config.GOOGLE_OAUTH_AUTHORIZE_URL, oauth2TokenUrl: config.GOOGLE_OAUTH_TOKEN_URL },
    // A hanging Google must not hold a token refresh (and its connection row lock) open.
    transporterOptions: { timeout: GOOGLE_CALL_TIMEOUT_MS },
  });
}

/** A client that only carries an access token: it never refreshes by itself (we do, under a row lock). */
export function googleClientWithAccessToken(config: TGoogleConfig, accessToken: string): TGoogleOAuthClient {
  const client = createGoogleOAuthClient(config);
  client.setCredentials({ access_token: accessToken });
  return client;
}

/**
 * googleapis resolves every API path against the ORIGIN of `rootUrl` (a path prefix would be
 * dropped silently), so the configured base URL is reduced to its origin here, explicitly.
 */
export function googleRootUrl(baseUrl: string): string {
  return `${new URL(baseUrl).origin}/`;
}

export function createGoogleOAuthAdapter(config: TGoogleConfig): OAuthAdapter {
  return {
    provider: "google_meet",
    authorizeUrl({ state, codeChallenge }) {
      return createGoogleOAuthClient(config).generateAuthUrl({
        access_type: "offline",
        prompt: "consent",
        include_granted_scopes: true,
        scope: [...GOOGLE_SCOPES],
        state,
        code_challenge: codeChallenge,
        code_challenge_method: "S256" as TCodeChallengeMethod,
      });
    },
    async exchangeCode({ code, codeVerifier, now }) {
      try {
        const { tokens } = await createGoogleOAuthClient(config).getToken({ code, codeVerifier });
        if (!tokens.access_token) throw new OAuthCallError("Google returned no access token.", "no access_token");
        return {
          accessToken: tokens.access_token,
          refreshToken: tokens.refresh_token ?? null,
          expiresAt: tokens.expiry_date ? new Date(tokens.expiry_date) : expiresAtFrom(now, 3600),
          scopes: scopesFrom(tokens.scope),
        };
      } catch (error) {
        if (error instanceof OAuthCallError) throw error;
        throw new OAuthCallError("Google did not accept the authorization code.", googleErrorInfo(error).reason);
      }
    },
    async refresh({ refreshToken }) {
      const client = createGoogleOAuthClient(config);
      client.setCredentials({ refresh_token: refreshToken });
      try {
        const { token } = await client.getAccessToken();
        if (!token) throw new OAuthCallError("Google returned no access token.", "no access_token");
        const credentials = client.credentials;
        return {
          accessToken: token,
          refreshToken: credentials.refresh_token ?? refreshToken,
          expiresAt: credentials.expiry_date ? new Date(credentials.expiry_date) : null,
          scopes: scopesFrom(credentials.scope),
        } satisfies TTokenSet;
      } catch (error) {
        if (error instanceof OAuthCallError) throw error;
        const info = googleErrorInfo(error);
        if (info.oauthError === "invalid_grant") throw new InvalidGrantError(`Google refused the refresh token (${info.reason}).`);
        throw new OAuthCallError("Google could not refresh the access token.", info.reason);
      }
    },
    async fetchAccount(accessToken) {
      try {
        const api = oauth2({
          version: "v2",
          rootUrl: googleRootUrl(config.GOOGLE_API_BASE_URL),
          auth: googleClientWithAccessToken(config, accessToken),
        });
        const { data } = await api.userinfo.get();
        if (!data.id) throw new OAuthCallError("Google did not name the account.", "userinfo without id");
        return { id: data.id, email: data.email ?? null };
      } catch (error) {
        if (error instanceof OAuthCallError) throw error;
        throw new OAuthCallError("Google did not let us read the connected account.", googleErrorInfo(error).reason);
      }
    },
  };
}
