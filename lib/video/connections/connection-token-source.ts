import "server-only";
import type { Sql, TransactionSql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { tokenContext, tokenKeyring } from "@/lib/crypto/keyring";
import { openToken, sealToken, TokenDecryptionError } from "@/lib/crypto/token-cipher";
import { PROVIDER_LABELS } from "@/lib/video/enabled-providers";
import type { OAuthAdapter } from "@/lib/video/oauth/types";
import type { TVideoProviderName } from "@/lib/video/types";
import { refreshConnectionTokens } from "./refresh-connection-tokens";

/** Refresh this long before the provider's expiry, so a token never dies mid-request. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** How a provider adapter obtains a bearer token: fresh, or renewed once after a 401. */
export type TAccessTokenSource = {
  accessToken(): Promise<string>;
  refreshAfterUnauthorized(rejectedToken: string): Promise<string>;
};

export type TConnectionRow = {
  tutor_id: string;
  provider: TVideoProviderName;
  status: string;
  access_token_encrypted: string | null;
  refresh_token_encrypted: string | null;
  expires_at: Date | null;
};

export type TRefreshNeed = { kind: "expiring" } | { kind: "rejected"; token: string };

/**
 * Tokens of one connection. Refreshing takes a short lease (refresh-connection-tokens.ts)
 * and re-checks after taking it: Zoom rotates refresh tokens, so two concurrent refreshes
 * must not both spend the same one — the second waits, then finds the first one's new pair.
 * No lock is held while the provider is called.
 */
export function createConnectionTokenSource(options: {
  db: Sql;
  connectionId: string;
  adapter: OAuthAdapter;
  now: Date;
}): TAccessTokenSource {
  const { db, connectionId, now } = options;
  return {
    async accessToken() {
      const [row] = await db<TConnectionRow[]>`
        select tutor_id, provider, status, access_token_encrypted, refresh_token_encrypted, expires_at
        from public.tutor_video_provider_connections where id = ${connectionId}
      `;
      if (!row || row.status !== "connected") throw needsReconnect(row?.provider);
      const tokens = openTokens(connectionId, row);
      if (isFresh(row.expires_at, now)) return tokens.accessToken;
      return refreshConnectionTokens(options, { kind: "expiring" });
    },
    refreshAfterUnauthorized(rejectedToken) {
      return refreshConnectionTokens(options, { kind: "rejected", token: rejectedToken });
    },
  };
}

export function isFresh(expiresAt: Date | null, now: Date): boolean {
  return expiresAt === null || expiresAt.getTime() - now.getTime() > REFRESH_MARGIN_MS;
}

export async function storeRefreshed(
  tx: TransactionSql,
  connectionId: string,
  tokens: { accessToken: string; refreshToken: string; expiresAt: Date | null },
): Promise<void> {
  const keyring = tokenKeyring();
  await tx`
    update public.tutor_video_provider_connections
    set access_token_encrypted = ${sealToken(keyring, tokens.accessToken, tokenContext("connection", connectionId, "access_token"))},
        refresh_token_encrypted = ${sealToken(keyring, tokens.refreshToken, tokenContext("connection", connectionId, "refresh_token"))},
        token_key_id = ${keyring.current.id},
        expires_at = ${tokens.expiresAt},
        last_error = null
    where id = ${connectionId}
  `;
}

export function openTokens(connectionId: string, row: TConnectionRow): { accessToken: string; refreshToken: string | null } {
  const keyring = tokenKeyring();
  try {
    if (!row.access_token_encrypted) throw new TokenDecryptionError("No access token is stored.");
    return {
      accessToken: openToken(keyring, row.access_token_encrypted, tokenContext("connection", connectionId, "access_token")),
      refreshToken: row.refresh_token_encrypted
        ? openToken(keyring, row.refresh_token_encrypted, tokenContext("connection", connectionId, "refresh_token"))
        : null,
    };
  } catch (error) {
    if (error instanceof TokenDecryptionError) {
      throw new AppError("misconfigured", `A stored video provider token cannot be opened: ${error.message}`);
    }
    throw error;
  }
}

/** What every caller (the sessions 409, the setup page) shows when a tutor must reconnect. */
export function needsReconnect(provider: TVideoProviderName | undefined): AppError {
  const label = provider ? PROVIDER_LABELS[provider] : "video provider";
  return new AppError(
    "provider_not_connected",
    `Your ${label} connection stopped working: reconnect it on the Video setup page before confirming bookings.`,
  );
}
