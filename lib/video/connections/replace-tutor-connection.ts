import "server-only";
import { randomUUID } from "node:crypto";
import type { Sql } from "postgres";
import { tokenContext, tokenKeyring } from "@/lib/crypto/keyring";
import { sealToken } from "@/lib/crypto/token-cipher";
import type { TProviderAccount, TTokenSet } from "@/lib/video/oauth/types";
import type { TVideoProviderName } from "@/lib/video/types";
import { recordConnectionEvent } from "./connection-event";

/**
 * Makes a working connection the tutor's active one. In ONE transaction the previous
 * connections are revoked (their tokens erased) and the new one becomes `connected`, so a
 * tutor is never left without a provider and never has two. Callers verify the new tokens
 * against the provider first: a connection that does not work never replaces one that does.
 */
export async function replaceTutorConnection(options: {
  db: Sql;
  tutorId: string;
  provider: TVideoProviderName;
  tokens: TTokenSet | null;
  account: TProviderAccount | null;
  now: Date;
}): Promise<{ connectionId: string; replaced: { id: string; provider: string }[] }> {
  const { db, tutorId, provider, tokens, account, now } = options;
  const connectionId = randomUUID();
  const keyring = tokenKeyring();
  const sealedAccess = tokens ? sealToken(keyring, tokens.accessToken, tokenContext("connection", connectionId, "access_token")) : null;
  const sealedRefresh = tokens?.refreshToken
    ? sealToken(keyring, tokens.refreshToken, tokenContext("connection", connectionId, "refresh_token"))
    : null;

  return db.begin(async (tx) => {
    // Two connects of one tutor at once: the second waits, then replaces the first.
    await tx`select pg_advisory_xact_lock(hashtextextended(${`video-connection:${tutorId}`}, 0))`;
    const replaced = await tx<{ id: string; provider: string }[]>`
      update public.tutor_video_provider_connections
      set status = 'revoked', access_token_encrypted = null, refresh_token_encrypted = null, token_key_id = null
      where tutor_id = ${tutorId} and status <> 'revoked'
      returning id, provider
    `;
    await tx`
      insert into public.tutor_video_provider_connections
        (id, tutor_id, provider, status, access_token_encrypted, refresh_token_encrypted, token_key_id,
         expires_at, scopes, provider_account_id, provider_account_email, provider_tenant_id)
      values (${connectionId}, ${tutorId}, ${provider}, 'connected', ${sealedAccess}, ${sealedRefresh},
              ${sealedAccess ? keyring.current.id : null}, ${tokens?.expiresAt ?? null}, ${tokens?.scopes ?? []},
              ${account?.id ?? null}, ${account?.email ?? null}, ${account?.tenantId ?? null})
    `;
    for (const old of replaced) {
      await recordConnectionEvent(tx, {
        connectionId: old.id,
        tutorId,
        type: "connection.replaced",
        payload: { provider: old.provider, replaced_by: connectionId },
        at: now,
      });
    }
    await recordConnectionEvent(tx, {
      connectionId,
      tutorId,
      type: "connection.connected",
      payload: { provider, account_email: account?.email ?? null },
      at: now,
    });
    return { connectionId, replaced: [...replaced] };
  }) as Promise<{ connectionId: string; replaced: { id: string; provider: string }[] }>;
}
