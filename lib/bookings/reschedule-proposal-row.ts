import type { ISql, Row } from "postgres";

export const RESCHEDULE_PROPOSAL_STATUSES = ["pending", "accepted", "declined", "expired", "withdrawn"] as const;
export type TRescheduleProposalStatus = (typeof RESCHEDULE_PROPOSAL_STATUSES)[number];
export type TProposerRole = "student" | "parent" | "tutor";

/** A `public.reschedule_proposals` row as the API returns it (snake_case like the table). */
export type TRescheduleProposalRow = {
  id: string;
  session_id: string;
  booking_id: string;
  tutor_id: string;
  student_id: string;
  proposed_by: string;
  proposed_by_role: TProposerRole;
  start_at: Date;
  end_at: Date;
  status: TRescheduleProposalStatus;
  expires_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  created_at: Date;
};

const COLUMNS = [
  "id",
  "session_id",
  "booking_id",
  "tutor_id",
  "student_id",
  "proposed_by",
  "proposed_by_role",
  "start_at",
  "end_at",
  "status",
  "expires_at",
  "decided_by",
  "decided_at",
  "created_at",
] as const satisfies readonly (keyof TRescheduleProposalRow)[];

export function proposalColumns(sql: ISql) {
  return sql(COLUMNS);
}

export function toProposalRow(row: Row): TRescheduleProposalRow {
  return row as TRescheduleProposalRow;
}

/** The side that answers a proposal: the tutor answers the student side, and the other way round. */
export function isSameSide(proposerRole: TProposerRole, viewerRole: TProposerRole): boolean {
  return (proposerRole === "tutor") === (viewerRole === "tutor");
}
