"use client";

import { displaySessionStatus } from "@/lib/sessions/shared";
import { SessionStatusBadge } from "./session-status-badge";
import { useServerClock } from "./use-server-clock";

/**
 * The badge of a still-scheduled session, re-derived every second with the
 * same displaySessionStatus the server used: it turns to "Join open" at T−5
 * and "Awaiting charge" at the end without a reload, never stale.
 */
export function LiveSessionStatusBadge({
  scheduledStartAt,
  scheduledEndAt,
  serverNow,
}: {
  scheduledStartAt: string;
  scheduledEndAt: string;
  serverNow: string;
}) {
  const now = useServerClock(serverNow);
  const status = displaySessionStatus(
    { status: "SCHEDULED", scheduledStartAt: new Date(scheduledStartAt), scheduledEndAt: new Date(scheduledEndAt) },
    new Date(now),
  );
  return <SessionStatusBadge status={status} />;
}
