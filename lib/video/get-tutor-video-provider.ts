import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { createJitsiProvider } from "@/lib/video/providers/jitsi";
import type { TVideoProviderName, VideoProvider } from "@/lib/video/types";

export const NOT_CONNECTED_MESSAGE = "Connect Zoom or Google Meet before accepting bookings";

/**
 * The provider for a tutor's active connection, ready to create meetings.
 * Throws provider_not_connected (409) when the tutor has none that works.
 */
export async function getTutorVideoProvider(options: { db: Sql; tutorId: string; now: Date }): Promise<{
  connectionId: string;
  provider: VideoProvider;
}> {
  const [connection] = await options.db<{ id: string; provider: TVideoProviderName }[]>`
    select id, provider from public.tutor_video_provider_connections
    where tutor_id = ${options.tutorId} and status = 'connected'
  `;
  if (!connection) throw new AppError("provider_not_connected", NOT_CONNECTED_MESSAGE);
  switch (connection.provider) {
    case "jitsi":
      return { connectionId: connection.id, provider: createJitsiProvider() };
    default:
      throw new AppError("provider_not_connected", `${NOT_CONNECTED_MESSAGE} (the ${connection.provider} connection is not supported yet).`);
  }
}
