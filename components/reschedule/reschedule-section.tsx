import { AddToCalendarLink } from "@/components/calendar/add-to-calendar-link";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { getViewer } from "@/lib/auth/get-viewer";
import type { TRole } from "@/lib/auth/roles";
import { listOpenProposals } from "@/lib/bookings/list-open-proposals";
import { listRescheduleSlots } from "@/lib/bookings/list-reschedule-slots";
import { getDb } from "@/lib/db";
import { ProposalAnswer } from "./proposal-answer";
import { ReschedulePicker } from "./reschedule-picker";

const PROPOSER_LABELS = { tutor: "The tutor", student: "The student", parent: "A parent" } as const;

/**
 * A session's "Time and calendar" card on its booking page (tutor, student, parent): Add to calendar, the
 * open proposal with Accept/Decline for the other side, or Reschedule (disabled with the reason).
 */
export async function RescheduleSection(props: { sessionId: string; bookingId: string; role: TRole; timeZone: string; now: Date }) {
  const { sessionId, bookingId, role, timeZone, now } = props;
  const viewer = await getViewer();
  if (!viewer || role === "admin") return null;
  const db = getDb();
  const [[proposal], options] = await Promise.all([
    listOpenProposals({ db, viewer, now, bookingId }),
    listRescheduleSlots({ db, viewer, sessionId, days: 14, now }),
  ]);
  return (
    <Card title="Time and calendar" titleId="reschedule-title" actions={<AddToCalendarLink sessionId={sessionId} />}>
      {proposal ? (
        <div className="flex flex-col gap-3" data-testid="reschedule-proposal">
          <p className="text-sm text-slate-800">
            {proposal.isProposedByViewer ? "You proposed" : `${PROPOSER_LABELS[proposal.proposedByRole]} proposed`} moving this lesson to{" "}
            <strong>
              <LocalTime date={proposal.startAt} timeZone={timeZone} />
            </strong>{" "}
            (now <LocalTime date={proposal.currentStartAt} timeZone={timeZone} />
            ). It lapses at <LocalTime date={proposal.expiresAt} timeZone={timeZone} /> if unanswered.
          </p>
          <ProposalAnswer
            proposalId={proposal.id}
            isProposer={proposal.isProposedByViewer || (proposal.proposedByRole === "tutor") === (role === "tutor")}
            timeZone={timeZone}
          />
        </div>
      ) : (
        <ReschedulePicker
          sessionId={sessionId}
          timeZone={timeZone}
          reason={options.reason}
          slotStarts={options.slots.map((slot) => slot.startAt.toISOString())}
        />
      )}
    </Card>
  );
}
