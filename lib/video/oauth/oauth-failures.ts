/**
 * Why a connect attempt failed, as a code carried in the redirect back to the setup page.
 * The URL carries only the code; the page shows the sentence. Provider bodies never travel.
 */
export const OAUTH_FAILURES = {
  session_required: "Your sign-in expired before the connection finished. Sign in as the tutor and connect again.",
  wrong_account: "This connection was started by a different account. Sign in as the tutor who started it and try again.",
  state_invalid: "This connection link is not valid or was already used. Start the connection again from this page.",
  state_expired: "The connection took longer than 10 minutes. Start it again from this page.",
  access_denied: "The connection was cancelled at the provider. Nothing was changed.",
  exchange_failed: "The provider did not accept the sign-in. Please try again; if it keeps failing, contact support.",
  verification_failed: "We could not use this account to create meetings, so your current setup was kept. Check the account and try again.",
  missing_refresh_token:
    "The provider did not grant offline access, which we need to create meetings for future sessions. Connect again and approve all requested permissions.",
  provider_unavailable: "This provider is not available on this platform.",
} as const;

export type TOAuthFailure = keyof typeof OAUTH_FAILURES;

export function isOAuthFailure(value: string): value is TOAuthFailure {
  return Object.hasOwn(OAUTH_FAILURES, value);
}

/** A failed callback: where to send the tutor back and why. */
export class OAuthConnectionError extends Error {
  readonly failure: TOAuthFailure;
  readonly returnTo: string;
  constructor(failure: TOAuthFailure, returnTo: string, detail?: string) {
    super(detail ?? OAUTH_FAILURES[failure]);
    this.name = "OAuthConnectionError";
    this.failure = failure;
    this.returnTo = returnTo;
  }
}

export const VIDEO_SETUP_PATH = "/tutor/video-setup";
