import "server-only";
import type { Sql } from "postgres";
import { tokenContext, tokenKeyring } from "@/lib/crypto/keyring";
import { openToken } from "@/lib/crypto/token-cipher";
import { OAuthConnectionError, VIDEO_SETUP_PATH } from "./oauth-failures";
import { verifyOAuthState } from "./oauth-state";
import type { TOAuthProviderName } from "./types";

/**
 * Checks a callback's `state` and spends it: signed by us, for this provider, not expired,
 * started by THIS signed-in tutor, and never used before. Any mismatch is refused before a
 * code is exchanged. Returns the PKCE verifier and where to send the tutor back.
 */
export async function consumeOAuthState(options: {
  db: Sql;
  state: string;
  tutorId: string;
  provider: TOAuthProviderName;
  now: Date;
}): Promise<{ codeVerifier: string; returnTo: string }> {
  const { db, state, tutorId, provider, now } = options;
  const keyring = tokenKeyring();
  const check = verifyOAuthState(keyring, state, now);
  if (!check.isValid) {
    throw new OAuthConnectionError(check.reason === "expired" ? "state_expired" : "state_invalid", VIDEO_SETUP_PATH);
  }
  const { payload } = check;
  if (payload.p !== provider) throw new OAuthConnectionError("state_invalid", VIDEO_SETUP_PATH);
  if (payload.t !== tutorId) throw new OAuthConnectionError("wrong_account", VIDEO_SETUP_PATH);

  // One statement decides: a replayed or expired nonce matches no row.
  const [row] = await db<{ code_verifier_encrypted: string | null; return_to: string; expires_at: Date }[]>`
    update public.oauth_states set consumed_at = ${now}
    where id = ${payload.n} and tutor_id = ${tutorId} and provider = ${provider}
      and consumed_at is null and expires_at > ${now}
    returning code_verifier_encrypted, return_to, expires_at
  `;
  if (!row?.code_verifier_encrypted) throw new OAuthConnectionError("state_invalid", VIDEO_SETUP_PATH);
  return {
    codeVerifier: openToken(keyring, row.code_verifier_encrypted, tokenContext("oauth_state", payload.n, "code_verifier")),
    returnTo: row.return_to,
  };
}
