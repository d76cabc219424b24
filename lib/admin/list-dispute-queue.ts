import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService, asUser } from "@/lib/db";
import { disputeColumns, toDisputeRow, type TDisputeRow } from "@/lib/disputes/dispute-row";
import type { TJoinEvidence } from "@/lib/disputes/evidence";
import { readJoinEvidence } from "@/lib/disputes/read-join-evidence";
import {
  sessionSummaryColumns,
  sessionSummaryFrom,
  toSessionSummary,
  viewerTimeZone,
  type TSessionListRow,
  type TSessionSummary,
} from "@/lib/sessions";
import { toCents } from "@/lib/sessions/shared";

export type TDisputeQueueItem = {
  dispute: TDisputeRow;
  session: TSessionSummary;
  openedByName: string | null;
  evidence: TJoinEvidence;
  refundedCents: number;
  /** charged − refunded: the most a partial refund may be. */
  refundableCents: number;
};

const LIMIT = 100;

/** The admin's dispute queue: open and answered disputes, oldest first, read as the admin under RLS. */
export async function listDisputeQueue(options: { db: Sql; viewer: TAppViewer; now: Date }): Promise<{
  timeZone: string;
  items: TDisputeQueueItem[];
}> {
  const { db, viewer, now } = options;
  if (viewer.role !== "admin") throw new AppError("forbidden", "Only an admin can see the dispute queue.");
  return asUser(db, viewer, async (tx) => {
    const timeZone = await viewerTimeZone(tx, viewer.id);
    const disputes = await tx`
      select ${disputeColumns(tx)} from public.disputes where status in ('open', 'responded') order by created_at limit ${LIMIT}`;
    const rows = disputes.map(toDisputeRow);
    if (rows.length === 0) return { timeZone, items: [] };
    const sessionIds = rows.map((row) => row.session_id);
    const sessions = await tx<(TSessionListRow & { refunded: string; charged: string })[]>`
      select ${sessionSummaryColumns(tx)},
        (select coalesce(sum(l.amount_cents), 0) from public.ledger_entries l where l.session_id = s.id and l.kind = 'refund') as refunded,
        (select coalesce(sum(l.amount_cents), 0) from public.ledger_entries l where l.session_id = s.id and l.kind = 'charge') as charged
      ${sessionSummaryFrom(tx)}
      where s.id = any(${sessionIds}::uuid[])`;
    const byId = new Map(sessions.map((row) => [row.id, row]));
    const openers = await tx<{ id: string; full_name: string }[]>`
      select id, full_name from public.profiles where id = any(${rows.map((row) => row.opened_by)}::uuid[])`;
    const names = new Map(openers.map((row) => [row.id, row.full_name || null]));
    // The attendance columns and provider payloads are the service's: read once RLS and the role check passed.
    const evidence = await asService(db, (service) => readJoinEvidence(service, sessionIds));
    const items = rows.flatMap((dispute): TDisputeQueueItem[] => {
      const row = byId.get(dispute.session_id);
      if (!row) return [];
      const refunded = toCents(row.refunded);
      return [
        {
          dispute,
          session: toSessionSummary(row, "admin", now),
          openedByName: names.get(dispute.opened_by) ?? null,
          evidence: evidence.get(dispute.session_id) ?? { studentJoinedAt: null, tutorJoinedAt: null, isTutorSeenByProvider: false },
          refundedCents: refunded,
          refundableCents: Math.max(0, toCents(row.charged) - refunded),
        },
      ];
    });
    return { timeZone, items };
  });
}
