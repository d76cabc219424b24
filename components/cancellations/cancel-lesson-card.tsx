import { Card } from "@/components/ui/card";
import type { TRole } from "@/lib/auth/roles";
import { describeParticipants } from "@/lib/format/session-text";
import type { TSessionDetail } from "@/lib/sessions";
import { CancelLessonButton } from "./cancel-lesson-button";

/** The session page's "Change of plans" card: Cancel lesson while the session is still scheduled and not over. */
export function CancelLessonCard({ session, role, timeZone, now }: { session: TSessionDetail; role: TRole; timeZone: string; now: Date }) {
  if (session.storedStatus !== "SCHEDULED" || now >= session.scheduledEndAt) return null;
  return (
    <Card title="Change of plans" titleId="cancel-lesson-title">
      <CancelLessonButton
        sessionId={session.id}
        sessionLabel={`${session.subjectName} ${describeParticipants(role, session)}`}
        storedStatus={session.storedStatus}
        startsAt={session.scheduledStartAt.toISOString()}
        serverNow={now.toISOString()}
        timeZone={timeZone}
      />
    </Card>
  );
}
