import type { TSessionSummary } from "@/lib/sessions";
import { LiveSessionStatusBadge } from "./live-session-status-badge";
import { SessionStatusBadge } from "./session-status-badge";

/** A settled status is fixed; a scheduled one depends on time and updates itself. */
export function SessionStatus({
  session,
  serverNow,
}: {
  session: Pick<TSessionSummary, "storedStatus" | "displayStatus" | "scheduledStartAt" | "scheduledEndAt">;
  serverNow: Date;
}) {
  if (session.storedStatus !== "SCHEDULED") return <SessionStatusBadge status={session.displayStatus} />;
  return (
    <LiveSessionStatusBadge
      scheduledStartAt={session.scheduledStartAt.toISOString()}
      scheduledEndAt={session.scheduledEndAt.toISOString()}
      serverNow={serverNow.toISOString()}
    />
  );
}
