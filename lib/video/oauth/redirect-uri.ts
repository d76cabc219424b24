import type { TOAuthProviderName } from "./types";

const CALLBACK_PATHS: Record<TOAuthProviderName, string> = {
  google_meet: "/api/auth/google/callback",
  zoom: "/api/auth/zoom/callback",
};

/**
 * The one redirect_uri per provider, from the configured APP_URL only (never from request
 * headers), so the consent request and the code exchange always send the same value.
 */
export function oauthRedirectUri(appUrl: string, provider: TOAuthProviderName): string {
  return new URL(CALLBACK_PATHS[provider], appUrl).toString();
}

/** An absolute URL on this site for one of its own paths. */
export function appUrlFor(appUrl: string, path: string): string {
  return new URL(path, appUrl).toString();
}
