import "server-only";
import type { Sql, TransactionSql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { tokenContext, tokenKeyring } from "@/lib/crypto/keyring";
import { openToken, sealToken, TokenDecryptionError } from "@/lib/crypto/token-cipher";
import { PROVIDER_LABELS } from "@/lib/video/enabled-providers";
import { InvalidGrantError, OAuthCallError, type OAuthAdapter } from "@/lib/video/oauth/types";
import type { TVideoProviderName } from "@/lib/video/types";
import { markConnectionInvalid } from "./mark-connection-invalid";

/** Refresh this long before the provider's expiry, so a token never dies mid-request. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** How a provider adapter obtains a bearer token: fresh, or renewed once after a 401. */
export type TAccessTokenSource = {
  accessToken(): Promise<string>;
  refreshAfterUnauthorized(rejectedToken: string): Promise<string>;
};

type TConnectionRow = {
  tutor_id: string;
  provider: TVideoProviderName;
  status: string;
  access_token_encrypted: string | null;
  refresh_token_encrypted: string | null;
  expires_at: Date | null;
};

type TRefreshNeed = { kind: "expiring" } | { kind: "rejected"; token: string };

/**
 * Tokens of one connection. Refreshing happens under a row lock and re-checks after
 * acquiring it: Zoom rotates refresh tokens, so two concurrent refreshes must not both
 * spend the same one — the second waits, then finds the first one's new pair.
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
      return refreshLocked(options, { kind: "expiring" });
    },
    refreshAfterUnauthorized(rejectedToken) {
      return refreshLocked(options, { kind: "rejected", token: rejectedToken });
    },
  };
}

export function isFresh(expiresAt: Date | null, now: Date): boolean {
  return expiresAt === null || expiresAt.getTime() - now.getTime() > REFRESH_MARGIN_MS;
}

async function refreshLocked(
  options: { db: Sql; connectionId: string; adapter: OAuthAdapter; now: Date },
  need: TRefreshNeed,
): Promise<string> {
  const { db, connectionId, adapter, now } = options;
  const outcome = (await db.begin(async (tx) => {
    const [row] = await tx<TConnectionRow[]>`
      select tutor_id, provider, status, access_token_encrypted, refresh_token_encrypted, expires_at
      from public.tutor_video_provider_connections where id = ${connectionId}
      for update
    `;
    if (!row || row.status !== "connected") return { kind: "reconnect" as const, provider: row?.provider };
    const current = openTokens(connectionId, row);
    const isAlreadyRenewed = need.kind === "expiring" ? isFresh(row.expires_at, now) : current.accessToken !== need.token;
    if (isAlreadyRenewed) return { kind: "token" as const, token: current.accessToken };
    if (!current.refreshToken) return invalidate(tx, connectionId, row, "No refresh token is stored for this connection.", now);
    try {
      const next = await adapter.refresh({ refreshToken: current.refreshToken, now });
      await storeRefreshed(tx, connectionId, { ...next, refreshToken: next.refreshToken ?? current.refreshToken });
      return { kind: "token" as const, token: next.accessToken };
    } catch (error) {
      if (error instanceof InvalidGrantError) return invalidate(tx, connectionId, row, error.message, now);
      if (error instanceof OAuthCallError) {
        throw new AppError("provider_error", `${PROVIDER_LABELS[row.provider]} could not refresh access: ${error.reason}`);
      }
      throw error;
    }
  })) as { kind: "token"; token: string } | { kind: "reconnect"; provider: TVideoProviderName | undefined };
  if (outcome.kind === "reconnect") throw needsReconnect(outcome.provider);
  return outcome.token;
}

async function invalidate(tx: TransactionSql, connectionId: string, row: TConnectionRow, reason: string, now: Date) {
  await markConnectionInvalid(tx, { connectionId, tutorId: row.tutor_id, provider: row.provider, reason, now });
  return { kind: "reconnect" as const, provider: row.provider };
}

async function storeRefreshed(
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

function openTokens(connectionId: string, row: TConnectionRow): { accessToken: string; refreshToken: string | null } {
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
    `Your ${label} connection stopped working: reconnect it on the Video setup page. Connect Zoom or Google Meet before accepting bookings`,
  );
}
