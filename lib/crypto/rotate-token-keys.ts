import "server-only";
import type { Sql } from "postgres";
import { openToken, sealToken, tokenContext } from "./token-cipher";
import type { TTokenKeyring } from "./token-keys";

const BATCH_SIZE = 100;

export type TRotationReport = { keyId: string; connections: number; oauthStates: number };

/**
 * Re-seals every stored provider token (and every live PKCE verifier) with the keyring's
 * first key. Rows are locked while they are rewritten, so a concurrent refresh waits rather
 * than writing back a token under the old key; batches commit one by one, so a stopped run
 * can simply be started again. Afterwards the old key can be removed from TOKEN_ENCRYPTION_KEY.
 */
export async function rotateTokenKeys(options: { db: Sql; keyring: TTokenKeyring }): Promise<TRotationReport> {
  const { db, keyring } = options;
  const currentId = keyring.current.id;
  let connections = 0;
  for (let rewritten = BATCH_SIZE; rewritten === BATCH_SIZE; connections += rewritten) {
    rewritten = (await db.begin(async (tx) => {
      const rows = await tx<{ id: string; access_token_encrypted: string | null; refresh_token_encrypted: string | null }[]>`
        select id, access_token_encrypted, refresh_token_encrypted from public.tutor_video_provider_connections
        where token_key_id is distinct from ${currentId}
          and (access_token_encrypted is not null or refresh_token_encrypted is not null)
        order by id limit ${BATCH_SIZE}
        for update
      `;
      for (const row of rows) {
        const reseal = (sealed: string | null, column: string) =>
          sealed === null
            ? null
            : sealToken(
                keyring,
                openToken(keyring, sealed, tokenContext("connection", row.id, column)),
                tokenContext("connection", row.id, column),
              );
        await tx`
          update public.tutor_video_provider_connections
          set access_token_encrypted = ${reseal(row.access_token_encrypted, "access_token")},
              refresh_token_encrypted = ${reseal(row.refresh_token_encrypted, "refresh_token")},
              token_key_id = ${currentId}
          where id = ${row.id}
        `;
      }
      return rows.length;
    })) as number;
  }

  const states = (await db.begin(async (tx) => {
    const rows = await tx<{ id: string; code_verifier_encrypted: string }[]>`
      select id, code_verifier_encrypted from public.oauth_states
      where code_verifier_encrypted is not null and token_key_id is distinct from ${currentId}
      for update
    `;
    for (const row of rows) {
      const context = tokenContext("oauth_state", row.id, "code_verifier");
      await tx`
        update public.oauth_states
        set code_verifier_encrypted = ${sealToken(keyring, openToken(keyring, row.code_verifier_encrypted, context), context)},
            token_key_id = ${currentId}
        where id = ${row.id}
      `;
    }
    return rows.length;
  })) as number;

  return { keyId: currentId, connections, oauthStates: states };
}
