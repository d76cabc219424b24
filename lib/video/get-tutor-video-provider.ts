import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { serverEnv } from "@/lib/env/server-env";
import { createConnectionTokenSource } from "@/lib/video/connections/connection-token-source";
import { connectProviderMessage } from "@/lib/format/connect-provider";
import { enabledVideoProviders, isVideoProviderEnabled, PROVIDER_LABELS } from "@/lib/video/enabled-providers";
import { oauthAdapterFor } from "@/lib/video/oauth/oauth-adapter-for";
import { createGoogleMeetProvider } from "@/lib/video/providers/google-meet";
import { createJitsiProvider } from "@/lib/video/providers/jitsi";
import { createZoomProvider } from "@/lib/video/providers/zoom";
import type { TVideoProviderName, VideoProvider } from "@/lib/video/types";

/** The refusal for a tutor without a working connection, naming only the providers this deployment offers. */
export function notConnectedMessage(env: Parameters<typeof enabledVideoProviders>[0]): string {
  return connectProviderMessage(enabledVideoProviders(env).map((provider) => PROVIDER_LABELS[provider]));
}

/**
 * The provider for a tutor's active connection, ready to create meetings. Tokens are read
 * (and refreshed under a row lock) only when a meeting call needs them; a refused refresh
 * marks the connection invalid and surfaces as provider_not_connected too.
 * Throws provider_not_connected (409) when the tutor has no connection that works.
 */
export async function getTutorVideoProvider(options: { db: Sql; tutorId: string; now: Date }): Promise<{
  connectionId: string;
  provider: VideoProvider;
}> {
  const { db, tutorId, now } = options;
  const [connection] = await db<{ id: string; provider: TVideoProviderName }[]>`
    select id, provider from public.tutor_video_provider_connections
    where tutor_id = ${tutorId} and status = 'connected'
  `;
  const env = serverEnv();
  if (!connection) throw new AppError("provider_not_connected", notConnectedMessage(env));
  if (!isVideoProviderEnabled(env, connection.provider)) {
    throw new AppError(
      "provider_not_connected",
      `${PROVIDER_LABELS[connection.provider]} is no longer offered on this platform. ${notConnectedMessage(env)}`,
    );
  }
  switch (connection.provider) {
    case "jitsi":
      return { connectionId: connection.id, provider: createJitsiProvider() };
    case "google_meet":
    case "zoom": {
      const tokens = createConnectionTokenSource({
        db,
        connectionId: connection.id,
        adapter: oauthAdapterFor(env, connection.provider),
        now,
      });
      const provider =
        connection.provider === "google_meet"
          ? createGoogleMeetProvider({ config: env, tokens })
          : createZoomProvider({ config: env, tokens });
      return { connectionId: connection.id, provider };
    }
  }
}
