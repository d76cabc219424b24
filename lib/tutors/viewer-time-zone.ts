import "server-only";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import type { Db } from "@/lib/db";
import { DEFAULT_TIME_ZONE, resolveTimeZone } from "@/lib/format/date-time";
import { getProfile } from "@/lib/profiles/get-profile";

/** The cookie components/tutors/browser-zone-cookie.tsx sets to the browser's IANA zone. */
export const BROWSER_ZONE_COOKIE = "tz";

export type TViewerTimeZone = {
  /** The zone every time on the page is shown in. */
  timeZone: string;
  source: "profile" | "browser" | "default";
  /** A signed-in viewer's browser zone when it differs from their profile's (offer to switch). */
  differingBrowserZone: string | null;
};

/** Signed in: their profile's zone. Anonymous: the browser's (from the cookie), else the platform default. */
export async function viewerTimeZone(options: {
  db: Db;
  viewer: TAppViewer | null;
  browserZone: string | undefined;
}): Promise<TViewerTimeZone> {
  const browser = options.browserZone ? resolveTimeZone(options.browserZone) : null;
  const isKnownBrowserZone = browser !== null && (browser !== DEFAULT_TIME_ZONE || options.browserZone === DEFAULT_TIME_ZONE);
  if (options.viewer) {
    const { timezone } = await getProfile({ db: options.db, viewer: options.viewer });
    const timeZone = resolveTimeZone(timezone);
    return { timeZone, source: "profile", differingBrowserZone: isKnownBrowserZone && browser !== timeZone ? browser : null };
  }
  if (isKnownBrowserZone) return { timeZone: browser, source: "browser", differingBrowserZone: null };
  return { timeZone: DEFAULT_TIME_ZONE, source: "default", differingBrowserZone: null };
}
