import "server-only";
import type { TransactionSql } from "postgres";
import type { TVideoProviderName } from "@/lib/video/types";
import { recordConnectionEvent } from "./connection-event";

/**
 * The provider refused the grant (revoked, expired, rotated away): the connection becomes
 * `invalid`, its useless tokens are erased, and the tutor is told to reconnect.
 */
export async function markConnectionInvalid(
  tx: TransactionSql,
  options: { connectionId: string; tutorId: string; provider: TVideoProviderName; reason: string; now: Date },
): Promise<void> {
  const reason = options.reason.slice(0, 500);
  await tx`
    update public.tutor_video_provider_connections
    set status = 'invalid', access_token_encrypted = null, refresh_token_encrypted = null, token_key_id = null,
        last_error = ${reason}
    where id = ${options.connectionId} and status = 'connected'
  `;
  await recordConnectionEvent(tx, {
    connectionId: options.connectionId,
    tutorId: options.tutorId,
    type: "connection.invalid",
    payload: { provider: options.provider, reason },
    at: options.now,
  });
}
