import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asService, type Viewer } from "@/lib/db";
import { readAnswerableProposal } from "@/lib/bookings/read-answerable-proposal";
import { isSameSide, proposalColumns, toProposalRow, type TRescheduleProposalRow } from "@/lib/bookings/reschedule-proposal-row";
import { recordSessionEvent } from "@/lib/sessions";
import { refreshTutorNextSlot } from "@/lib/tutors/refresh-next-slot";

/**
 * Closes a pending proposal without moving anything (README "Rescheduling"): the other side declines it,
 * the proposing side withdraws it (status `withdrawn`). Either way its slot is free again at once.
 */
export async function declineReschedule(options: { db: Sql; viewer: Viewer; proposalId: string; now: Date }): Promise<{
  proposal: TRescheduleProposalRow;
}> {
  const { db, viewer, proposalId, now } = options;
  const { proposal, role } = await readAnswerableProposal({ db, viewer, proposalId });
  if (proposal.status !== "pending") throw new AppError("already_done", `This proposal was already ${proposal.status}.`);
  if (now >= proposal.expires_at) throw new AppError("too_late", "This proposal has already expired.");
  const isWithdrawal = proposal.proposed_by === viewer.id || isSameSide(proposal.proposed_by_role, role);
  const status = isWithdrawal ? "withdrawn" : "declined";
  const closed = await asService(db, async (tx) => {
    const [row] = await tx`
      update public.reschedule_proposals set status = ${status}, decided_by = ${viewer.id}, decided_at = ${now}
      where id = ${proposal.id} and status = 'pending'
      returning ${proposalColumns(tx)}`;
    if (!row) return null;
    await recordSessionEvent(tx, {
      sessionId: proposal.session_id,
      type: isWithdrawal ? "session.reschedule_withdrawn" : "session.reschedule_declined",
      actor: { id: viewer.id, role },
      payload: { proposal_id: proposal.id, start_at: proposal.start_at.toISOString() },
      at: now,
    });
    await refreshTutorNextSlot(tx, { tutorId: proposal.tutor_id, now });
    return toProposalRow(row);
  });
  if (!closed) throw new AppError("conflict", "This proposal was answered meanwhile; reload to see its state.");
  return { proposal: closed };
}
