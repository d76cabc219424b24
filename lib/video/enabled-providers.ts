import type { TServerEnv } from "@/lib/env/server-env";
import { VIDEO_PROVIDERS, type TVideoProviderName } from "./types";

type TProviderEnv = Pick<
  TServerEnv,
  "VIDEO_PROVIDERS" | "GOOGLE_CLIENT_ID" | "GOOGLE_CLIENT_SECRET" | "ZOOM_CLIENT_ID" | "ZOOM_CLIENT_SECRET"
>;

/**
 * The providers a tutor may use here: listed in VIDEO_PROVIDERS (Jitsi only where the platform
 * turns it on, e.g. the local stack) and, for OAuth providers, with client credentials configured.
 */
export function enabledVideoProviders(env: TProviderEnv): TVideoProviderName[] {
  const listed = new Set(env.VIDEO_PROVIDERS.split(",").map((entry) => entry.trim()));
  return VIDEO_PROVIDERS.filter((provider) => listed.has(provider) && hasCredentials(env, provider));
}

export function isVideoProviderEnabled(env: TProviderEnv, provider: TVideoProviderName): boolean {
  return enabledVideoProviders(env).includes(provider);
}

function hasCredentials(env: TProviderEnv, provider: TVideoProviderName): boolean {
  switch (provider) {
    case "google_meet":
      return Boolean(env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET);
    case "zoom":
      return Boolean(env.ZOOM_CLIENT_ID && env.ZOOM_CLIENT_SECRET);
    case "jitsi":
      return true;
  }
}

export const PROVIDER_LABELS: Record<TVideoProviderName, string> = {
  google_meet: "Google Meet",
  zoom: "Zoom",
  jitsi: "Jitsi Meet",
};
