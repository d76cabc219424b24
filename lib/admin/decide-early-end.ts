import "server-only";
import type { Sql } from "postgres";
import { z } from "zod";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService } from "@/lib/db";
import { ZDecisionReason } from "@/lib/disputes/dispute-rules";
import { sessionLedgerRows } from "@/lib/payments/session-ledger-rows";
import type { TSplit } from "@/lib/payments/split";
import { readVisibleSession, recordSessionEvent } from "@/lib/sessions";
import { toCents, type TStoredSessionStatus } from "@/lib/sessions/shared";
import { payoutReleaseAt, readPlatformSettings } from "@/lib/settings/platform-settings";
import { EARLY_END_OUTCOMES, earlyEndSplit, type TEarlyEndOutcome } from "./early-end-amounts";
import { readHeldMinutes } from "./read-held-minutes";

export const ZDecideEarlyEnd = z.strictObject({
  outcome: z.enum(EARLY_END_OUTCOMES, "Choose charge_full, charge_pro_rata or no_charge."),
  reason: ZDecisionReason,
});
export type TDecideEarlyEnd = z.output<typeof ZDecideEarlyEnd>;

export type TEarlyEndDecision = {
  sessionId: string;
  outcome: TEarlyEndOutcome;
  heldMinutes: number;
  split: TSplit;
  payoutReleaseAt: Date | null;
};

type TLockedSession = {
  status: TStoredSessionStatus;
  early_end_resolution: TEarlyEndOutcome | null;
  booking_id: string;
  student_id: string;
  tutor_id: string;
  currency: string;
  price_cents: string;
  duration_minutes: number;
  completion_payout_bps: number;
};

/**
 * An admin resolves a lesson the charge job left EARLY_END_SHORT (README "Disputes and
 * refunds"): charge in full, charge for the minutes held (early-end-amounts.ts), or nothing —
 * the lesson's frozen completion split applied to what is charged. One service transaction
 * behind a lock on the session and the admin_decisions unique key, so a double click decides
 * once (already_done, 409). A charge writes the ledger rows like the charge job (the trigger
 * enqueues its collection; the payout is held for the hold hours from now) and the payer's receipt.
 */
export async function decideEarlyEnd(options: {
  db: Sql;
  viewer: TAppViewer;
  sessionId: string;
  input: TDecideEarlyEnd;
  now: Date;
}): Promise<TEarlyEndDecision> {
  const { db, viewer, sessionId, input, now } = options;
  if (viewer.role !== "admin") throw new AppError("forbidden", "Only an admin can resolve an early end.");
  await readVisibleSession({ db, viewer, sessionId });
  return asService(db, async (tx) => {
    const [session] = await tx<TLockedSession[]>`
      select status, early_end_resolution, booking_id, student_id, tutor_id, currency, price_cents, duration_minutes, completion_payout_bps
      from public.sessions where id = ${sessionId} for no key update`;
    if (!session) throw new AppError("not_found", "There is no session with this id that you can see.");
    if (session.early_end_resolution) {
      throw new AppError("already_done", "This early end is already resolved.", { resolution: session.early_end_resolution });
    }
    if (session.status !== "EARLY_END_SHORT") {
      throw new AppError("conflict", `Only a lesson that ended early waits for this decision; this one is ${session.status}.`, {
        reason: "not_early_end",
      });
    }
    const heldMinutes = (await readHeldMinutes(tx, [sessionId])).get(sessionId) ?? 0;
    const split = earlyEndSplit(
      {
        priceCents: toCents(session.price_cents),
        durationMinutes: session.duration_minutes,
        heldMinutes,
        completionPayoutBps: session.completion_payout_bps,
      },
      input.outcome,
    );
    const decided = await tx`
      insert into public.admin_decisions (subject_type, subject_id, session_id, admin_id, outcome, amount_cents, reason)
      values ('early_end', ${sessionId}, ${sessionId}, ${viewer.id}, ${input.outcome}, ${split.chargeCents}, ${input.reason})
      on conflict on constraint admin_decisions_one_per_subject_round do nothing
      returning id`;
    if (decided.length === 0) throw new AppError("already_done", "This early end is already resolved.");
    const isCharged = input.outcome !== "no_charge";
    await tx`
      update public.sessions set
        early_end_resolution = ${input.outcome}, early_end_resolved_at = ${now},
        charged_at = ${isCharged ? now : null},
        charge_cents = ${isCharged ? split.chargeCents : null},
        payout_cents = ${isCharged ? split.payoutCents : null},
        platform_fee_cents = ${isCharged ? split.platformFeeCents : null}
      where id = ${sessionId} and status = 'EARLY_END_SHORT' and early_end_resolution is null`;
    const releaseAt = isCharged ? payoutReleaseAt(await readPlatformSettings(tx), now) : null;
    if (releaseAt) {
      const ledger = sessionLedgerRows({
        sessionId,
        studentId: session.student_id,
        tutorId: session.tutor_id,
        currency: session.currency,
        split,
        releaseAt,
      });
      if (ledger.length > 0) await tx`insert into public.ledger_entries ${tx(ledger)}`;
    }
    await recordSessionEvent(tx, {
      sessionId,
      type: "session.early_end_resolved",
      actor: { id: viewer.id, role: "admin" },
      payload: {
        outcome: input.outcome,
        reason: input.reason,
        held_minutes: heldMinutes,
        charge_cents: split.chargeCents,
        payout_cents: split.payoutCents,
        platform_fee_cents: split.platformFeeCents,
        ...(releaseAt ? { payout_release_at: releaseAt.toISOString() } : {}),
      },
      at: now,
    });
    // The payer's receipt follows when the charge is collected (lib/payments/settle-attempt.ts).
    return { sessionId, outcome: input.outcome, heldMinutes, split, payoutReleaseAt: releaseAt };
  });
}
