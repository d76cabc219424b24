import "server-only";
import type { Sql } from "postgres";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";
import { readPlatformSettings } from "@/lib/settings/platform-settings";
import { readSessionAuditTrail, type TAuditEvent } from "@/lib/sessions/read-session-audit-trail";
import { readSessionLedger, type TLedgerLine } from "@/lib/sessions/read-session-ledger";
import { toSessionDetail, type TSessionDetail, type TSessionDetailColumns } from "@/lib/sessions/session-detail";
import { sessionSummaryColumns, sessionSummaryFrom, toSessionSummary, type TSessionListRow } from "@/lib/sessions/session-summary";

export type TSessionDetailView = {
  /** Escrow hours in force now: how long a payout made now would be held. */
  payoutHoldHours: number;
  session: TSessionDetail | null;
  events: TAuditEvent[];
  ledger: TLedgerLine[];
};

/**
 * The session of a booking with its audit trail and the ledger lines the viewer may
 * see, read under RLS (session: null when there is none the viewer can see). The
 * caller has already checked that the booking id is well formed.
 */
export async function getSessionDetail(options: {
  db: Sql;
  viewer: TAppViewer;
  bookingId: string;
  now: Date;
}): Promise<TSessionDetailView> {
  const { db, viewer, bookingId, now } = options;
  return asUser(db, viewer, async (tx) => {
    const { payoutHoldHours } = await readPlatformSettings(tx);
    const [row] = await tx<(TSessionListRow & TSessionDetailColumns)[]>`
      select ${sessionSummaryColumns(tx)}, s.min_payable_minutes, s.charge_scheduled_at, s.tutor_joined_at,
        s.marked_no_show_at, s.meeting_started_at, s.meeting_ended_at
      ${sessionSummaryFrom(tx)}
      where s.booking_id = ${bookingId}
    `;
    if (!row) return { payoutHoldHours, session: null, events: [], ledger: [] };
    const session = toSessionDetail(row, toSessionSummary(row, viewer.role, now));
    const events = await readSessionAuditTrail(tx, session.id);
    const ledger = await readSessionLedger(tx, session.id);
    return { payoutHoldHours, session, events, ledger };
  });
}
