import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asService, type Tx, type Viewer } from "@/lib/db";
import { sessionLedgerRows } from "@/lib/payments/session-ledger-rows";
import { noShowSplit, type TSplit } from "@/lib/payments/split";
import { readVisibleSession } from "@/lib/sessions/read-visible-session";
import { isNoShowWindowOpen, noShowAvailableAt } from "@/lib/sessions/rules";
import { sessionColumns, toSessionRow, type TSessionRow } from "@/lib/sessions/session-row";

const HOUR_MS = 3_600_000;

/**
 * The session's tutor marks the student absent (DESIGN §4b): from start +
 * no_show_wait_minutes until the scheduled end, only while SCHEDULED and only
 * if no student attendance is recorded. Status, the no-show split (frozen bps),
 * the ledger rows and the audit event are written in one transaction behind a
 * guarded UPDATE, so a racing join or charge job and this cannot both win.
 */
export async function markNoShow(options: { db: Sql; viewer: Viewer; sessionId: string; now: Date }): Promise<{
  session: TSessionRow;
}> {
  const { db, viewer, sessionId, now } = options;
  const { session, relation } = await readVisibleSession({ db, viewer, sessionId });
  if (relation !== "tutor") throw new AppError("forbidden", "Only the session's tutor can mark the student as a no-show.");
  assertNoShowAllowed(session, now);
  const split = noShowSplit(session.price_cents, {
    completionPayoutBps: session.completion_payout_bps,
    noShowChargeBps: session.no_show_charge_bps,
    noShowPayoutBps: session.no_show_payout_bps,
  });
  const updated = await asService(db, async (tx) => {
    const row = await setNoShow(tx, { sessionId, split, now });
    if (!row) return null;
    const releaseAt = await payoutReleaseAt(tx, now);
    const ledger = sessionLedgerRows({ sessionId, studentId: row.student_id, tutorId: row.tutor_id, currency: row.currency, split, releaseAt });
    if (ledger.length > 0) await tx`insert into public.ledger_entries ${tx(ledger)}`;
    const payload = { charge_cents: split.chargeCents, payout_cents: split.payoutCents, platform_fee_cents: split.platformFeeCents, payout_release_at: releaseAt.toISOString() };
    await tx`
      insert into public.session_events (session_id, type, actor_id, actor_role, payload, at)
      values (${sessionId}, 'session.no_show_marked', ${viewer.id}, 'tutor', ${tx.json(payload)}, ${now})
    `;
    return row;
  });
  if (updated) return { session: updated };
  // The guard refused: someone changed the row since we read it. Say what happened.
  const { session: current } = await readVisibleSession({ db, viewer, sessionId });
  assertNoShowAllowed(current, now);
  throw new AppError("conflict", "This session changed while marking the no-show; reload and try again.");
}

/** Throws the reason a no-show cannot be marked now, most final reason first. */
function assertNoShowAllowed(session: TSessionRow, now: Date): void {
  if (session.status === "NO_SHOW_STUDENT") {
    throw new AppError("already_done", "This session is already marked as no-show.");
  }
  if (session.status !== "SCHEDULED") {
    throw new AppError("conflict", `This session can no longer be marked as a no-show: it is ${session.status}.`);
  }
  const times = { scheduledStartAt: session.scheduled_start_at, scheduledEndAt: session.scheduled_end_at, noShowWaitMinutes: session.no_show_wait_minutes };
  if (!isNoShowWindowOpen(times, now)) {
    const availableAt = noShowAvailableAt(times);
    if (now < availableAt) {
      throw new AppError("too_early", `You can mark a no-show from ${availableAt.toISOString()}, ${session.no_show_wait_minutes} minutes after the start.`, {
        available_at: availableAt.toISOString(),
      });
    }
    throw new AppError("too_late", `A no-show can only be marked before the session's end (${session.scheduled_end_at.toISOString()}).`);
  }
  if (session.student_joined_at) {
    throw new AppError("conflict", `The student joined at ${session.student_joined_at.toISOString()}; you can't mark a no-show.`, {
      student_joined_at: session.student_joined_at.toISOString(),
    });
  }
}

async function setNoShow(tx: Tx, input: { sessionId: string; split: TSplit; now: Date }): Promise<TSessionRow | null> {
  const [row] = await tx`
    update public.sessions set
      status = 'NO_SHOW_STUDENT',
      marked_no_show_at = ${input.now},
      charged_at = ${input.now},
      charge_cents = ${input.split.chargeCents},
      payout_cents = ${input.split.payoutCents},
      platform_fee_cents = ${input.split.platformFeeCents}
    where id = ${input.sessionId} and status = 'SCHEDULED' and student_joined_at is null
    returning ${sessionColumns(tx)}
  `;
  return row ? toSessionRow(row) : null;
}

/** Escrow: the payout is held for platform_settings.payout_hold_hours after the charge. */
async function payoutReleaseAt(tx: Tx, now: Date): Promise<Date> {
  const [settings] = await tx<{ payout_hold_hours: number }[]>`select payout_hold_hours from public.platform_settings where id`;
  if (!settings) throw new Error("platform_settings has no row");
  return new Date(now.getTime() + settings.payout_hold_hours * HOUR_MS);
}
