import { z } from "zod";
import { safeNextPath } from "@/lib/auth/home-path";
import type { TOAuthFailure } from "./oauth-failures";
import { VIDEO_SETUP_PATH } from "./oauth-failures";

/** `?return_to=` of a connect link: a path on this site, nothing else (no open redirect). */
export const ZReturnTo = z
  .string()
  .max(512)
  .refine((value) => safeNextPath(value) === value, "return_to must be a path on this site, such as /tutor/video-setup")
  .default(VIDEO_SETUP_PATH);

export const ZConnectQuery = z.object({ return_to: ZReturnTo });

export const ZOAuthCallbackQuery = z.object({
  code: z.string().min(1).max(2048).optional(),
  state: z.string().min(1).max(2048).optional(),
  error: z.string().min(1).max(256).optional(),
});

/**
 * An absolute URL on the configured APP_URL for one of the app's own paths, with an outcome
 * parameter. Built from APP_URL only: request headers (Host, X-Forwarded-Host) never choose it.
 */
export function appRedirectUrl(appUrl: string, path: string, outcome: { connected: string } | { error: TOAuthFailure }): string {
  const base = new URL(appUrl);
  const target = new URL(safeNextPath(path) ?? VIDEO_SETUP_PATH, base);
  if (target.origin !== base.origin) return new URL(VIDEO_SETUP_PATH, base).toString();
  for (const [key, value] of Object.entries(outcome)) target.searchParams.set(key, value);
  return target.toString();
}
