import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asService } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";
import { buildCalendar } from "@/lib/calendar/build-calendar";
import { hashFeedToken } from "@/lib/calendar/feed-token";
import { feedSince, readCalendarEvents } from "@/lib/calendar/read-calendar-events";

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * A user's private feed (README "Calendar feeds"): upcoming sessions and those of the last 30 days. The
 * token is found by its sha256 (an index lookup, no comparison whose time depends on the token); a wrong or
 * reset token is not_found, like a malformed one.
 */
export async function calendarFeed(options: { db: Sql; token: string; now: Date }): Promise<string> {
  const { db, token, now } = options;
  const hash = hashFeedToken(token);
  const appUrl = serverEnv().APP_URL;
  const events = await asService(db, async (tx) => {
    const [owner] = await tx<{ user_id: string }[]>`select user_id from public.calendar_feed_tokens where token_hash = ${hash}`;
    if (!owner || !TOKEN_PATTERN.test(token)) return null;
    return readCalendarEvents(tx, { userId: owner.user_id, appUrl, since: feedSince(now) });
  });
  if (!events) throw new AppError("not_found", "There is no calendar feed at this address.");
  return buildCalendar({ name: "Tutoring lessons", host: new URL(appUrl).host, events });
}
