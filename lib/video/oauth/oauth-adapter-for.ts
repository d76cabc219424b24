import "server-only";
import { AppError } from "@/lib/api/errors";
import type { TServerEnv } from "@/lib/env/server-env";
import { isVideoProviderEnabled, PROVIDER_LABELS } from "@/lib/video/enabled-providers";
import { createGoogleOAuthAdapter } from "./google-oauth";
import type { OAuthAdapter, TOAuthProviderName } from "./types";
import { createZoomOAuthAdapter } from "./zoom-oauth";

/** The OAuth adapter for an enabled provider; a disabled or unconfigured one is refused. */
export function oauthAdapterFor(env: TServerEnv, provider: TOAuthProviderName): OAuthAdapter {
  if (!isVideoProviderEnabled(env, provider)) {
    throw new AppError("forbidden", `${PROVIDER_LABELS[provider]} is not available on this platform.`);
  }
  return provider === "google_meet" ? createGoogleOAuthAdapter(env) : createZoomOAuthAdapter(env);
}
