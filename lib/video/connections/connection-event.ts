import "server-only";
import type { TransactionSql } from "postgres";

export type TConnectionEventType = "connection.connected" | "connection.replaced" | "connection.invalid" | "connection.refreshed";

/** Appends to a tutor's connection audit trail. Payloads carry reasons and providers, never tokens. */
export async function recordConnectionEvent(
  tx: TransactionSql,
  event: {
    connectionId: string;
    tutorId: string;
    type: TConnectionEventType;
    payload: Record<string, string | number | boolean | null>;
    at: Date;
  },
): Promise<void> {
  await tx`
    insert into public.tutor_video_connection_events (connection_id, tutor_id, type, payload, at)
    values (${event.connectionId}, ${event.tutorId}, ${event.type}, ${tx.json(event.payload)}, ${event.at})
  `;
}
