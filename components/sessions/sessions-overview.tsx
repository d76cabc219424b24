import type { ReactNode } from "react";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { getDb } from "@/lib/db";
import { formatTimeZoneName } from "@/lib/format/date-time";
import { listSessionsForViewer } from "@/lib/sessions";
import { SessionList } from "./session-list";

/** Upcoming and past sessions of the viewer, read under RLS, in their own time zone. */
export async function SessionsOverview({
  viewer,
  emptyUpcoming,
  emptyPast,
}: {
  viewer: TAppViewer;
  emptyUpcoming: ReactNode;
  emptyPast: ReactNode;
}) {
  const now = new Date();
  const { timeZone, upcoming, past } = await listSessionsForViewer({ db: getDb(), viewer, now });
  return (
    <div className="flex min-w-0 flex-col gap-8">
      <p className="text-sm text-slate-600">
        Times are in your time zone, {timeZone.replaceAll("_", " ")} ({formatTimeZoneName(now, timeZone)}).
      </p>
      <SessionList
        id="upcoming-sessions"
        title="Upcoming"
        sessions={upcoming}
        role={viewer.role}
        timeZone={timeZone}
        serverNow={now}
        empty={emptyUpcoming}
      />
      <SessionList
        id="past-sessions"
        title="Past"
        sessions={past}
        role={viewer.role}
        timeZone={timeZone}
        serverNow={now}
        empty={emptyPast}
      />
    </div>
  );
}
