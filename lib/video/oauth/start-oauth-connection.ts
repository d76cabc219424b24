import "server-only";
import { randomUUID } from "node:crypto";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { tokenContext, tokenKeyring } from "@/lib/crypto/keyring";
import { sealToken } from "@/lib/crypto/token-cipher";
import type { TServerEnv } from "@/lib/env/server-env";
import { oauthAdapterFor } from "./oauth-adapter-for";
import { OAUTH_STATE_TTL_SECONDS, signOAuthState } from "./oauth-state";
import { createPkcePair } from "./pkce";
import type { TOAuthProviderName } from "./types";

/**
 * Begins connecting Google or Zoom: records a single-use nonce bound to this tutor (with the
 * PKCE verifier, sealed), signs it into `state`, and returns the provider's consent URL.
 */
export async function startOAuthConnection(options: {
  db: Sql;
  env: TServerEnv;
  viewer: TAppViewer;
  provider: TOAuthProviderName;
  returnTo: string;
  now: Date;
}): Promise<{ authorizeUrl: string }> {
  const { db, env, viewer, provider, returnTo, now } = options;
  if (viewer.role !== "tutor") throw new AppError("forbidden", "Only tutors connect a video provider.");
  const adapter = oauthAdapterFor(env, provider);
  const keyring = tokenKeyring();
  const nonce = randomUUID();
  const { codeVerifier, codeChallenge } = createPkcePair();
  const expiresAt = new Date(now.getTime() + OAUTH_STATE_TTL_SECONDS * 1000);

  await db.begin(async (tx) => {
    // Housekeeping: states are useless after expiry; keep a day for investigations.
    await tx`delete from public.oauth_states where expires_at < ${new Date(now.getTime() - 86_400_000)}`;
    await tx`
      insert into public.oauth_states (id, tutor_id, provider, code_verifier_encrypted, token_key_id, return_to, expires_at, created_at)
      values (${nonce}, ${viewer.id}, ${provider}, ${sealToken(keyring, codeVerifier, tokenContext("oauth_state", nonce, "code_verifier"))},
              ${keyring.current.id}, ${returnTo}, ${expiresAt}, ${now})
    `;
  });
  const state = signOAuthState(keyring, { nonce, tutorId: viewer.id, provider, expiresAt });
  return { authorizeUrl: adapter.authorizeUrl({ state, codeChallenge }) };
}
