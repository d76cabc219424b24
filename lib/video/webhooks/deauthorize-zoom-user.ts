import "server-only";
import type { Sql } from "postgres";
import { markConnectionInvalid } from "@/lib/video/connections/mark-connection-invalid";

/**
 * The user removed our app at Zoom: their connections stop working now, not at the next
 * refresh, so the setup page says "Reconnect" before a booking is refused. Idempotent.
 */
export async function deauthorizeZoomUser(options: { db: Sql; zoomUserId: string; now: Date }): Promise<{ invalidated: number }> {
  const { db, zoomUserId, now } = options;
  return db.begin(async (tx) => {
    const connections = await tx<{ id: string; tutor_id: string }[]>`
      select id, tutor_id from public.tutor_video_provider_connections
      where provider = 'zoom' and status = 'connected' and provider_account_id = ${zoomUserId}
      for update
    `;
    for (const connection of connections) {
      await markConnectionInvalid(tx, {
        connectionId: connection.id,
        tutorId: connection.tutor_id,
        provider: "zoom",
        reason: "The app was removed from this Zoom account (app.deauthorized).",
        now,
      });
    }
    return { invalidated: connections.length };
  }) as Promise<{ invalidated: number }>;
}
