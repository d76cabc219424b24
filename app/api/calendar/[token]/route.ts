import { z } from "zod";
import { route } from "@/lib/api/handler";
import { calendarFeed } from "@/lib/calendar/calendar-feed";
import { getDb } from "@/lib/db";

/** GET /api/calendar/<token>.ics: a user's private calendar feed; the token is the only credential. */
export const GET = route({ auth: "public", params: z.object({ token: z.string() }) }, async ({ params }) => {
  // Any other shape is simply not a feed: the same 404 as a wrong token.
  const token = params.token.endsWith(".ics") ? params.token.slice(0, -".ics".length) : "";
  const body = await calendarFeed({ db: getDb(), token, now: new Date() });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Cache-Control": "private, no-store",
      "Referrer-Policy": "no-referrer",
    },
  });
});
