import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asService, type Tx, type Viewer } from "@/lib/db";
import { sessionLedgerRows } from "@/lib/payments/session-ledger-rows";
import { noShowSplit, type TSplit } from "@/lib/payments/split";
import { enqueueLessonNotice } from "@/lib/notifications/enqueue-lesson-notice";
import { readVisibleSession } from "@/lib/sessions/read-visible-session";
import { recordSessionEvent } from "@/lib/sessions/record-session-event";
import { isNoShowWindowOpen, noShowAvailableAt } from "@/lib/sessions/rules";
import { payoutReleaseAt, readPlatformSettings } from "@/lib/settings/platform-settings";
import { sessionColumns, toSessionRow, type TSessionRow } from "@/lib/sessions/session-row";

/**
 * The session's tutor marks the student absent (README "Session rules"): from start +
 * no_show_wait_minutes until the scheduled end, only while SCHEDULED, only once
 * the tutor has joined (the app's join or a provider participant event) and only
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
    const releaseAt = payoutReleaseAt(await readPlatformSettings(tx), now);
    const ledger = sessionLedgerRows({
      sessionId,
      studentId: row.student_id,
      tutorId: row.tutor_id,
      currency: row.currency,
      split,
      releaseAt,
    });
    if (ledger.length > 0) await tx`insert into public.ledger_entries ${tx(ledger)}`;
    const payload = {
      charge_cents: split.chargeCents,
      payout_cents: split.payoutCents,
      platform_fee_cents: split.platformFeeCents,
      payout_release_at: releaseAt.toISOString(),
    };
    await recordSessionEvent(tx, { sessionId, type: "session.no_show_marked", actor: { id: viewer.id, role: "tutor" }, payload, at: now });
    await enqueueLessonNotice(tx, {
      bookingId: row.booking_id,
      kind: "no_show_marked",
      audience: "student_side",
      extra: { session_id: sessionId, amount_cents: split.chargeCents, currency: row.currency },
      subject: { type: "session", id: sessionId },
    });
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
  const times = {
    scheduledStartAt: session.scheduled_start_at,
    scheduledEndAt: session.scheduled_end_at,
    noShowWaitMinutes: session.no_show_wait_minutes,
  };
  if (!isNoShowWindowOpen(times, now)) {
    const availableAt = noShowAvailableAt(times);
    if (now < availableAt) {
      throw new AppError(
        "too_early",
        `You can mark a no-show from ${availableAt.toISOString()}, ${session.no_show_wait_minutes} minutes after the start.`,
        {
          available_at: availableAt.toISOString(),
        },
      );
    }
    throw new AppError("too_late", `A no-show can only be marked before the session's end (${session.scheduled_end_at.toISOString()}).`);
  }
  if (session.student_joined_at) {
    throw new AppError("conflict", `The student joined at ${session.student_joined_at.toISOString()}; you can't mark a no-show.`, {
      student_joined_at: session.student_joined_at.toISOString(),
    });
  }
  if (!session.tutor_joined_at) {
    throw new AppError("conflict", "You must join the lesson before you can mark the student absent.", { reason: "tutor_not_joined" });
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
    where id = ${input.sessionId} and status = 'SCHEDULED' and tutor_joined_at is not null and student_joined_at is null
    returning ${sessionColumns(tx)}
  `;
  return row ? toSessionRow(row) : null;
}
