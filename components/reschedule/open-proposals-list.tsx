import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { TextLink } from "@/components/ui/text-link";
import type { TOpenProposal } from "@/lib/bookings/list-open-proposals";
import { ProposalAnswer } from "./proposal-answer";

/** The tutor's open reschedule proposals (theirs and their students'), each with its answer or withdraw. */
export function OpenProposalsList({ proposals, timeZone }: { proposals: readonly TOpenProposal[]; timeZone: string }) {
  if (proposals.length === 0) return null;
  return (
    <Card title="Proposed new times" titleId="open-proposals-title">
      <ul className="flex flex-col gap-4" aria-labelledby="open-proposals-title">
        {proposals.map((proposal) => (
          <li key={proposal.id} className="flex flex-col gap-2 border-b border-slate-100 pb-3 last:border-0 last:pb-0">
            <p className="text-sm text-slate-800">
              <TextLink href={`/tutor/bookings/${proposal.bookingId}`}>
                {proposal.subjectName} with {proposal.otherPartyName}
              </TextLink>
              : <LocalTime date={proposal.currentStartAt} timeZone={timeZone} /> →{" "}
              <strong>
                <LocalTime date={proposal.startAt} timeZone={timeZone} />
              </strong>{" "}
              ({proposal.isProposedByViewer ? "you proposed" : `proposed by the ${proposal.proposedByRole}`}; lapses{" "}
              <LocalTime date={proposal.expiresAt} timeZone={timeZone} />)
            </p>
            <ProposalAnswer proposalId={proposal.id} isProposer={proposal.proposedByRole === "tutor"} timeZone={timeZone} />
          </li>
        ))}
      </ul>
    </Card>
  );
}
