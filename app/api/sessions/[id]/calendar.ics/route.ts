import { z } from "zod";
import { route } from "@/lib/api/handler";
import { sessionCalendar } from "@/lib/calendar/session-calendar";
import { getDb } from "@/lib/db";

/** GET /api/sessions/[id]/calendar.ics: "Add to calendar" for one session (its participants only). */
export const GET = route({ auth: "user", params: z.object({ id: z.uuid() }) }, async ({ viewer, params }) => {
  const body = await sessionCalendar({ db: getDb(), viewer, sessionId: params.id });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="lesson-${params.id}.ics"`,
      "Cache-Control": "private, no-store",
    },
  });
});
