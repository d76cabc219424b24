import type { ISql, Row } from "postgres";
import type { TDisputeKind } from "./evidence";
import type { TDisputeOutcome, TDisputeStatus } from "./dispute-rules";

/** A `public.disputes` row as the API returns it (snake_case like the table). */
export type TDisputeRow = {
  id: string;
  session_id: string;
  tutor_id: string;
  student_id: string;
  opened_by: string;
  kind: TDisputeKind;
  description: string;
  status: TDisputeStatus;
  outcome: TDisputeOutcome | null;
  refund_cents: number | null;
  respond_by: Date;
  tutor_response: string | null;
  responded_at: Date | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  created_at: Date;
};

const DISPUTE_COLUMNS = [
  "id",
  "session_id",
  "tutor_id",
  "student_id",
  "opened_by",
  "kind",
  "description",
  "status",
  "outcome",
  "refund_cents",
  "respond_by",
  "tutor_response",
  "responded_at",
  "resolved_at",
  "resolved_by",
  "created_at",
] as const satisfies readonly (keyof TDisputeRow)[];

export function disputeColumns(sql: ISql) {
  return sql(DISPUTE_COLUMNS);
}

export function toDisputeRow(row: Row): TDisputeRow {
  return { ...(row as TDisputeRow), refund_cents: row.refund_cents === null ? null : Number(row.refund_cents) };
}

/** What the routes answer with: ids, status and times, never the other side's private amounts. */
export function disputeJson(dispute: TDisputeRow) {
  return {
    id: dispute.id,
    session_id: dispute.session_id,
    kind: dispute.kind,
    status: dispute.status,
    outcome: dispute.outcome,
    refund_cents: dispute.refund_cents,
    respond_by: dispute.respond_by.toISOString(),
    responded_at: dispute.responded_at?.toISOString() ?? null,
    resolved_at: dispute.resolved_at?.toISOString() ?? null,
  };
}
