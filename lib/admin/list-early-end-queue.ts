import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService, asUser } from "@/lib/db";
import type { TSplit } from "@/lib/payments/split";
import {
  sessionSummaryColumns,
  sessionSummaryFrom,
  toSessionSummary,
  viewerTimeZone,
  type TSessionListRow,
  type TSessionSummary,
} from "@/lib/sessions";
import { earlyEndSplits, type TEarlyEndOutcome } from "./early-end-amounts";
import { readHeldMinutes } from "./read-held-minutes";

export type TEarlyEndQueueItem = {
  session: TSessionSummary;
  heldMinutes: number;
  /** What each outcome would charge, pay and keep: shown before the admin decides. */
  splits: Record<TEarlyEndOutcome, TSplit>;
};

const LIMIT = 100;

/** The admin's early-end queue: EARLY_END_SHORT lessons with no resolution yet, oldest first, read as the admin under RLS. */
export async function listEarlyEndQueue(options: { db: Sql; viewer: TAppViewer; now: Date }): Promise<{
  timeZone: string;
  items: TEarlyEndQueueItem[];
}> {
  const { db, viewer, now } = options;
  if (viewer.role !== "admin") throw new AppError("forbidden", "Only an admin can see the early-end queue.");
  return asUser(db, viewer, async (tx) => {
    const timeZone = await viewerTimeZone(tx, viewer.id);
    const rows = await tx<TSessionListRow[]>`
      select ${sessionSummaryColumns(tx)} ${sessionSummaryFrom(tx)}
      where s.status = 'EARLY_END_SHORT' and s.early_end_resolution is null
      order by s.scheduled_end_at limit ${LIMIT}`;
    // Meeting runs are the service's: read once RLS and the role check passed.
    const ids = rows.map((row) => row.id);
    const held = await asService(db, (service) => readHeldMinutes(service, ids));
    const items = rows.map((row) => {
      const session = toSessionSummary(row, "admin", now);
      const heldMinutes = held.get(row.id) ?? 0;
      const splits = earlyEndSplits({
        priceCents: session.priceCents,
        durationMinutes: session.durationMinutes,
        heldMinutes,
        completionPayoutBps: session.splitBps.completionPayoutBps ?? 0,
      });
      return { session, heldMinutes, splits };
    });
    return { timeZone, items };
  });
}
