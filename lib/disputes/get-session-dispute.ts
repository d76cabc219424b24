import "server-only";
import type { Sql } from "postgres";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService, asUser } from "@/lib/db";
import { readVisibleSession } from "@/lib/sessions";
import { payoutReleaseAt, readPlatformSettings } from "@/lib/settings/platform-settings";
import { disputeWindowEndsAt, openDisputeRefusal, respondRefusal } from "./dispute-rules";
import { disputeColumns, toDisputeRow, type TDisputeRow } from "./dispute-row";

export type TSessionDisputeView = {
  dispute: TDisputeRow | null;
  /** The viewer may report a problem now (the payer's side, within the window, none yet). */
  canOpen: boolean;
  /** When reporting closes (the payout's release), for the payer's side. */
  windowEndsAt: Date | null;
  /** The viewer is the tutor and may answer now. */
  canRespond: boolean;
};

/**
 * The lesson's dispute for its booking page, as the viewer may see it (RLS on disputes), and
 * what the viewer may do about it now. The payout's escrow (private to the tutor) is read as
 * the service only after RLS proved the viewer can see the lesson, and only its times leave.
 */
export async function getSessionDispute(options: {
  db: Sql;
  viewer: TAppViewer;
  sessionId: string;
  now: Date;
}): Promise<TSessionDisputeView> {
  const { db, viewer, sessionId, now } = options;
  const { session, relation } = await readVisibleSession({ db, viewer, sessionId });
  const [row] = await asUser(db, viewer, (tx) => tx`select ${disputeColumns(tx)} from public.disputes where session_id = ${sessionId}`);
  const dispute = row ? toDisputeRow(row) : null;
  const { payout, fallback } = await asService(db, async (tx) => {
    const [payoutRow] = await tx<{ status: "held" | "released" | "void" | "posted"; release_at: Date }[]>`
      select status, release_at from public.ledger_entries where session_id = ${sessionId} and kind = 'payout'`;
    const settings = await readPlatformSettings(tx);
    return {
      payout: payoutRow ? { status: payoutRow.status, releaseAt: payoutRow.release_at } : null,
      fallback: session.charged_at ? payoutReleaseAt(settings, session.charged_at) : null,
    };
  });
  const facts = { relation, status: session.status, payout, fallbackWindowEndsAt: fallback, hasDispute: dispute !== null, now };
  return {
    dispute,
    canOpen: openDisputeRefusal(facts) === null,
    windowEndsAt: relation === "student" || relation === "parent" ? disputeWindowEndsAt(facts) : null,
    canRespond: Boolean(
      dispute && relation === "tutor" && respondRefusal({ status: dispute.status, respondBy: dispute.respond_by }, now) === null,
    ),
  };
}
