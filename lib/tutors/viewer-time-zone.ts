import "server-only";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import type { Db } from "@/lib/db";
import { DEFAULT_TIME_ZONE } from "@/lib/format/date-time";
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

/** Intl's canonical id for a zone it knows ("Asia/Kolkata" → "Asia/Calcutta" on some ICU builds), else null. */
function canonicalZone(zone: string | null | undefined): string | null {
  if (!zone || zone.length > 64) return null;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * Signed in: their profile's zone. Anonymous: the browser's (from the cookie), else the platform default.
 * Zones keep the name they were given (people know "Asia/Kolkata"); they are compared by Intl's canonical id.
 */
export async function viewerTimeZone(options: {
  db: Db;
  viewer: TAppViewer | null;
  browserZone: string | undefined;
}): Promise<TViewerTimeZone> {
  const browser = canonicalZone(options.browserZone) ? options.browserZone! : null;
  if (options.viewer) {
    const { timezone } = await getProfile({ db: options.db, viewer: options.viewer });
    const timeZone = canonicalZone(timezone) ? timezone : DEFAULT_TIME_ZONE;
    const isDifferent = browser !== null && canonicalZone(browser) !== canonicalZone(timeZone);
    return { timeZone, source: "profile", differingBrowserZone: isDifferent ? browser : null };
  }
  if (browser) return { timeZone: browser, source: "browser", differingBrowserZone: null };
  return { timeZone: DEFAULT_TIME_ZONE, source: "default", differingBrowserZone: null };
}
