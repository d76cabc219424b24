import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asService, type Viewer } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";
import { buildCalendar } from "@/lib/calendar/build-calendar";
import { readCalendarEvents } from "@/lib/calendar/read-calendar-events";
import { readVisibleSession } from "@/lib/sessions";

/** "Add to calendar": one session's `.ics`, for its tutor, student or an approved parent only. */
export async function sessionCalendar(options: { db: Sql; viewer: Viewer; sessionId: string }): Promise<string> {
  const { db, viewer, sessionId } = options;
  const { relation } = await readVisibleSession({ db, viewer, sessionId });
  if (relation === "other") throw new AppError("forbidden", "Only the session's tutor, student or a parent can add it to a calendar.");
  const appUrl = serverEnv().APP_URL;
  const events = await asService(db, (tx) => readCalendarEvents(tx, { userId: viewer.id, appUrl, sessionId }));
  if (events.length === 0) throw new AppError("not_found", "There is no session with this id that you can see.");
  return buildCalendar({ name: "Tutoring lesson", host: new URL(appUrl).host, events });
}
