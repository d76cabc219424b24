import "server-only";
import type { Sql, TransactionSql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { PROVIDER_LABELS } from "@/lib/video/enabled-providers";
import { InvalidGrantError, OAuthCallError, type OAuthAdapter } from "@/lib/video/oauth/types";
import type { TVideoProviderName } from "@/lib/video/types";
import type { TConnectionRow, TRefreshNeed } from "./connection-token-source";
import { isFresh, needsReconnect, openTokens, storeRefreshed } from "./connection-token-source";
import { markConnectionInvalid } from "./mark-connection-invalid";

/** How long one refresher may hold the lease; longer than any provider call's timeout. */
const LEASE_SECONDS = 30;
const WAIT_STEP_MS = 100;
const MAX_WAIT_MS = 20_000;

type TLeaseStep =
  | { kind: "token"; token: string }
  | { kind: "reconnect"; provider: TVideoProviderName | undefined }
  | { kind: "busy" }
  | { kind: "leased"; row: TConnectionRow; refreshToken: string };

type TOptions = { db: Sql; connectionId: string; adapter: OAuthAdapter; now: Date };

/**
 * Renews a connection's tokens with no transaction or row lock open during the provider
 * call: a short transaction takes a lease (or finds the tokens already renewed), the call
 * runs outside it, a second short transaction stores the result and drops the lease.
 * Concurrent callers wait for the lease holder's result instead of spending the same
 * (rotating) refresh token twice.
 */
export async function refreshConnectionTokens(options: TOptions, need: TRefreshNeed): Promise<string> {
  const giveUpAt = performance.now() + MAX_WAIT_MS;
  for (;;) {
    const step = await takeLease(options, need);
    if (step.kind === "token") return step.token;
    if (step.kind === "reconnect") throw needsReconnect(step.provider);
    if (step.kind === "leased") return refreshUnderLease(options, step);
    if (performance.now() > giveUpAt)
      throw new AppError("provider_error", "Renewing the video provider's access is taking too long; try again.");
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
  }
}

async function takeLease(options: TOptions, need: TRefreshNeed): Promise<TLeaseStep> {
  const { db, connectionId, now } = options;
  return (await db.begin(async (tx) => {
    const [row] = await tx<(TConnectionRow & { is_leased: boolean })[]>`
      select tutor_id, provider, status, access_token_encrypted, refresh_token_encrypted, expires_at,
             coalesce(refresh_lease_until > clock_timestamp(), false) as is_leased
      from public.tutor_video_provider_connections where id = ${connectionId}
      for update
    `;
    if (!row || row.status !== "connected") return { kind: "reconnect", provider: row?.provider };
    const current = openTokens(connectionId, row);
    const isAlreadyRenewed = need.kind === "expiring" ? isFresh(row.expires_at, now) : current.accessToken !== need.token;
    if (isAlreadyRenewed) return { kind: "token", token: current.accessToken };
    if (row.is_leased) return { kind: "busy" };
    if (!current.refreshToken) {
      await invalidate(tx, options, row, "No refresh token is stored for this connection.");
      return { kind: "reconnect", provider: row.provider };
    }
    await tx`
      update public.tutor_video_provider_connections
      set refresh_lease_until = clock_timestamp() + make_interval(secs => ${LEASE_SECONDS})
      where id = ${connectionId}
    `;
    return { kind: "leased", row, refreshToken: current.refreshToken };
  })) as TLeaseStep;
}

async function refreshUnderLease(options: TOptions, lease: Extract<TLeaseStep, { kind: "leased" }>): Promise<string> {
  const { db, connectionId, adapter, now } = options;
  try {
    const next = await adapter.refresh({ refreshToken: lease.refreshToken, now });
    await db.begin(async (tx) => {
      await storeRefreshed(tx, connectionId, { ...next, refreshToken: next.refreshToken ?? lease.refreshToken });
      await tx`update public.tutor_video_provider_connections set refresh_lease_until = null where id = ${connectionId}`;
    });
    return next.accessToken;
  } catch (error) {
    if (error instanceof InvalidGrantError) {
      await db.begin((tx) => invalidate(tx, options, lease.row, error.message));
      throw needsReconnect(lease.row.provider);
    }
    await db`update public.tutor_video_provider_connections set refresh_lease_until = null where id = ${connectionId}`;
    if (error instanceof OAuthCallError) {
      throw new AppError("provider_error", `${PROVIDER_LABELS[lease.row.provider]} could not refresh access: ${error.reason}`);
    }
    throw error;
  }
}

async function invalidate(tx: TransactionSql, options: TOptions, row: TConnectionRow, reason: string): Promise<void> {
  await markConnectionInvalid(tx, {
    connectionId: options.connectionId,
    tutorId: row.tutor_id,
    provider: row.provider,
    reason,
    now: options.now,
  });
  await tx`update public.tutor_video_provider_connections set refresh_lease_until = null where id = ${options.connectionId}`;
}
