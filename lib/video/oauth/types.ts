/** What the app needs from a provider's OAuth: the same shape for Google and Zoom. */
export type TOAuthProviderName = "google_meet" | "zoom";

export type TTokenSet = {
  accessToken: string;
  /** Null when the provider kept the old one (Google); Zoom rotates it on every refresh. */
  refreshToken: string | null;
  expiresAt: Date | null;
  scopes: string[];
};

export type TProviderAccount = {
  id: string;
  email: string | null;
  /** Zoom: the account the user belongs to (webhooks name meetings by account id + meeting id). */
  tenantId?: string | null;
};

export interface OAuthAdapter {
  readonly provider: TOAuthProviderName;
  /** The consent page URL: PKCE (S256) for both providers, redirect_uri computed from APP_URL. */
  authorizeUrl(input: { state: string; codeChallenge: string }): string;
  exchangeCode(input: { code: string; codeVerifier: string; now: Date }): Promise<TTokenSet>;
  /** Throws InvalidGrantError when the grant is gone (revoked, expired, or already rotated away). */
  refresh(input: { refreshToken: string; now: Date }): Promise<TTokenSet>;
  /** Proves the token works and names the account it belongs to. */
  fetchAccount(accessToken: string): Promise<TProviderAccount>;
}

/** The refresh token no longer works: the tutor must reconnect. */
export class InvalidGrantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidGrantError";
  }
}

/** A provider answered an OAuth call with an error; `reason` is for logs, never for URLs. */
export class OAuthCallError extends Error {
  readonly reason: string;
  constructor(message: string, reason: string) {
    super(message);
    this.name = "OAuthCallError";
    this.reason = reason;
  }
}

export function expiresAtFrom(now: Date, expiresInSeconds: unknown): Date | null {
  return typeof expiresInSeconds === "number" && Number.isFinite(expiresInSeconds)
    ? new Date(now.getTime() + expiresInSeconds * 1000)
    : null;
}

export function scopesFrom(scope: unknown): string[] {
  return typeof scope === "string" ? scope.split(/[\s,]+/).filter((entry) => entry !== "") : [];
}
