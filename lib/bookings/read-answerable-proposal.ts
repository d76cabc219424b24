import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asUser, type Viewer } from "@/lib/db";
import { proposalColumns, toProposalRow, type TProposerRole, type TRescheduleProposalRow } from "@/lib/bookings/reschedule-proposal-row";
import { readVisibleSession } from "@/lib/sessions";

/**
 * A proposal as the viewer may see it (RLS decides: a stranger gets not_found) and the side the viewer
 * speaks for. Admins see proposals but take no side: forbidden.
 */
export async function readAnswerableProposal(options: { db: Sql; viewer: Viewer; proposalId: string }): Promise<{
  proposal: TRescheduleProposalRow;
  role: TProposerRole;
}> {
  const { db, viewer, proposalId } = options;
  const [row] = await asUser(
    db,
    viewer,
    (tx) => tx`
    select ${proposalColumns(tx)} from public.reschedule_proposals where id = ${proposalId}`,
  );
  if (!row) throw new AppError("not_found", "There is no reschedule proposal with this id that you can see.");
  const proposal = toProposalRow(row);
  const { relation } = await readVisibleSession({ db, viewer, sessionId: proposal.session_id });
  if (relation === "other") throw new AppError("forbidden", "Only the session's tutor, student or a parent can answer a proposal.");
  return { proposal, role: relation };
}
