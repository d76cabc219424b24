import "server-only";
import type { Sql } from "postgres";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import type { TServerEnv } from "@/lib/env/server-env";
import { log } from "@/lib/log";
import { isVideoProviderEnabled } from "@/lib/video/enabled-providers";
import { replaceTutorConnection } from "@/lib/video/connections/replace-tutor-connection";
import { consumeOAuthState } from "./consume-oauth-state";
import { oauthAdapterFor } from "./oauth-adapter-for";
import { OAuthConnectionError, VIDEO_SETUP_PATH } from "./oauth-failures";
import { OAuthCallError, type TOAuthProviderName } from "./types";

export type TOAuthCallbackQuery = { code?: string; state?: string; error?: string };

/**
 * Finishes a connect: the state is checked and spent first, then the code is exchanged,
 * the new tokens are proven to work (the account is read with them), and only then does the
 * new connection replace the old one. Every failure throws OAuthConnectionError and stores nothing.
 */
export async function completeOAuthConnection(options: {
  db: Sql;
  env: TServerEnv;
  viewer: TAppViewer | null;
  provider: TOAuthProviderName;
  query: TOAuthCallbackQuery;
  now: Date;
}): Promise<{ connectionId: string; returnTo: string }> {
  const { db, env, viewer, provider, query, now } = options;
  if (!viewer) throw new OAuthConnectionError("session_required", VIDEO_SETUP_PATH);
  if (viewer.role !== "tutor") throw new OAuthConnectionError("wrong_account", VIDEO_SETUP_PATH);
  if (!isVideoProviderEnabled(env, provider)) throw new OAuthConnectionError("provider_unavailable", VIDEO_SETUP_PATH);
  if (!query.state) throw new OAuthConnectionError("state_invalid", VIDEO_SETUP_PATH);

  const { codeVerifier, returnTo } = await consumeOAuthState({ db, state: query.state, tutorId: viewer.id, provider, now });
  if (query.error || !query.code) throw new OAuthConnectionError("access_denied", returnTo);

  const adapter = oauthAdapterFor(env, provider);
  const tokens = await adapter.exchangeCode({ code: query.code, codeVerifier, now }).catch((error: unknown) => {
    throw failure("exchange_failed", returnTo, provider, error);
  });
  if (!tokens.refreshToken) throw new OAuthConnectionError("missing_refresh_token", returnTo);
  const account = await adapter.fetchAccount(tokens.accessToken).catch((error: unknown) => {
    throw failure("verification_failed", returnTo, provider, error);
  });

  const { connectionId } = await replaceTutorConnection({ db, tutorId: viewer.id, provider, tokens, account, now });
  return { connectionId, returnTo };
}

/** The provider's reason goes to the server log (no tokens in it), the tutor gets a sentence. */
function failure(
  code: "exchange_failed" | "verification_failed",
  returnTo: string,
  provider: string,
  error: unknown,
): OAuthConnectionError {
  const reason = error instanceof OAuthCallError ? error.reason : error instanceof Error ? error.message : String(error);
  log.warn("video_oauth_callback_failed", { provider, failure: code, reason });
  return new OAuthConnectionError(code, returnTo, reason);
}
