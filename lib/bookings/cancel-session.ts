import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService, type Tx } from "@/lib/db";
import { readCancellationContext, type TCancellationContext } from "@/lib/bookings/cancel-context";
import { deleteMeetingOrQueue, type TMeetingToDelete } from "@/lib/bookings/cancel-meeting";
import { CANCELLATION_REFUSAL_MESSAGES, toCancellationView, type TCancellationView } from "@/lib/bookings/cancel-outcome";
import { evaluateCancellation, type TCancellationOutcome, type TCancellationRefusal } from "@/lib/bookings/cancellation-policy";
import { recordBookingEvent } from "@/lib/bookings/record-booking-event";
import { enqueueLessonNotice } from "@/lib/notifications/enqueue-lesson-notice";
import { readDisplayName } from "@/lib/notifications/read-display-name";
import { sessionLedgerRows } from "@/lib/payments/session-ledger-rows";
import { recordSessionEvent } from "@/lib/sessions";
import { payoutReleaseAt, readPlatformSettings } from "@/lib/settings/platform-settings";
import { refreshTutorNextSlot } from "@/lib/tutors/refresh-next-slot";
import type { TVideoProviderName } from "@/lib/video/types";

type TAllowed = Extract<TCancellationOutcome, { allowed: true }>;

export type TCancelledSession = {
  cancellation: Extract<TCancellationView, { allowed: true }>;
  session: { id: string; status: "CANCELLED" | "CANCELLED_LATE"; cancelled_at: string };
  /** deleted: the provider meeting is gone; queued: the delete failed and the cron job retries it. */
  meeting: "deleted" | "queued" | "none";
};

/** What cancelling would do now, for the viewer, without changing anything (GET /api/sessions/[id]/cancel). */
export async function previewCancellation(options: {
  db: Sql;
  viewer: TAppViewer;
  sessionId: string;
  now: Date;
}): Promise<TCancellationView> {
  const context = await readCancellationContext(options);
  return viewOf(context, evaluateCancellation({ actor: context.actor, session: context.policy, now: options.now }));
}

/**
 * Cancels a confirmed session under its frozen policy (README "Cancellation policy"). One service
 * transaction behind a guarded UPDATE (still SCHEDULED, not started, start unchanged since it was
 * evaluated), so a racing charge job, no-show mark, reschedule or second cancel has exactly one
 * winner. It frees the booking's slot, writes the ledger rows of a late charge, audits who, when,
 * why and the policy, then deletes the provider meeting outside the transaction (a failure queues a
 * retry and never undoes the cancellation).
 */
export async function cancelSession(options: {
  db: Sql;
  viewer: TAppViewer;
  sessionId: string;
  reason?: string | null;
  now: Date;
}): Promise<TCancelledSession> {
  const { db, viewer, sessionId, now } = options;
  const context = await readCancellationContext({ db, viewer, sessionId });
  const outcome = assertAllowed(evaluateCancellation({ actor: context.actor, session: context.policy, now }));
  const reason = options.reason?.trim() || null;
  const written = await asService(db, (tx) => persistCancellation(tx, { context, outcome, viewer, reason, now }));
  if (!written) {
    // The guard refused: someone changed the row since we read it. Say what happened.
    const current = await readCancellationContext({ db, viewer, sessionId });
    assertAllowed(evaluateCancellation({ actor: current.actor, session: current.policy, now }));
    throw new AppError("conflict", "This lesson changed while it was being cancelled; reload and try again.");
  }
  const meeting = written.meeting ? await deleteMeetingOrQueue(db, written.meeting, now) : "none";
  const view = viewOf(context, outcome);
  if (!view.allowed) throw new Error("an allowed outcome produced a refusal view");
  return { cancellation: view, session: { id: sessionId, status: written.status, cancelled_at: now.toISOString() }, meeting };
}

function viewOf(context: TCancellationContext, outcome: TCancellationOutcome): TCancellationView {
  return toCancellationView({
    outcome,
    actor: context.actor,
    session: {
      startAt: context.policy.startAt,
      priceCents: context.policy.priceCents,
      currency: context.currency,
      freeCancelHours: context.policy.freeCancelHours,
      lateCancelChargeBps: context.policy.lateCancelChargeBps,
      freeUntil: context.freeUntil,
    },
  });
}

const REFUSAL_CODES: Record<TCancellationRefusal, "already_done" | "conflict" | "too_late"> = {
  already_cancelled: "already_done",
  already_charged: "conflict",
  not_scheduled: "conflict",
  started: "too_late",
};

function assertAllowed(outcome: TCancellationOutcome): TAllowed {
  if (outcome.allowed) return outcome;
  throw new AppError(REFUSAL_CODES[outcome.reason], CANCELLATION_REFUSAL_MESSAGES[outcome.reason], { reason: outcome.reason });
}

async function persistCancellation(
  tx: Tx,
  input: { context: TCancellationContext; outcome: TAllowed; viewer: TAppViewer; reason: string | null; now: Date },
): Promise<{ status: "CANCELLED" | "CANCELLED_LATE"; meeting: TMeetingToDelete | null } | null> {
  const { context, outcome, viewer, reason, now } = input;
  const isCharged = outcome.chargeCents > 0;
  const status = isCharged ? "CANCELLED_LATE" : "CANCELLED";
  const [row] = await tx<{ id: string }[]>`
    update public.sessions set
      status = ${status}, cancelled_at = ${now},
      cancellation_policy = ${outcome.policy}, cancelled_by_role = ${context.actor},
      charged_at = ${isCharged ? now : null},
      charge_cents = ${isCharged ? outcome.chargeCents : null},
      payout_cents = ${isCharged ? outcome.payoutCents : null},
      platform_fee_cents = ${isCharged ? outcome.feeCents : null}
    where id = ${context.sessionId} and status = 'SCHEDULED' and scheduled_start_at > ${now}
      and scheduled_start_at = ${context.policy.startAt}
    returning id
  `;
  if (!row) return null;
  // Leaving 'confirmed' takes the booking out of the no-overlap constraints: the slot is free at once.
  await tx`update public.bookings set status = 'cancelled' where id = ${context.bookingId} and status = 'confirmed'`;
  const releaseAt = isCharged ? payoutReleaseAt(await readPlatformSettings(tx), now) : null;
  if (isCharged && releaseAt) {
    const split = { chargeCents: outcome.chargeCents, payoutCents: outcome.payoutCents, platformFeeCents: outcome.feeCents };
    const ledger = sessionLedgerRows({ ...context, split, releaseAt });
    if (ledger.length > 0) await tx`insert into public.ledger_entries ${tx(ledger)}`;
  }
  const actor = { id: viewer.id, role: context.actor };
  const payload = {
    policy: outcome.policy,
    reason,
    charge_cents: outcome.chargeCents,
    payout_cents: outcome.payoutCents,
    platform_fee_cents: outcome.feeCents,
    ...(releaseAt ? { payout_release_at: releaseAt.toISOString() } : {}),
  };
  await recordSessionEvent(tx, { sessionId: context.sessionId, type: "session.cancelled", actor, payload, at: now });
  await recordBookingEvent(tx, {
    bookingId: context.bookingId,
    type: "booking.cancelled",
    actor,
    payload: { session_id: context.sessionId, policy: outcome.policy, reason, charge_cents: outcome.chargeCents },
    at: now,
  });
  // The other side (and the student's parents) hear of it; the lesson's reminders are skipped at delivery.
  await enqueueLessonNotice(tx, {
    bookingId: context.bookingId,
    kind: "booking_cancelled",
    audience: "everyone",
    exceptUserId: viewer.id,
    extra: { cancelled_by_name: await readDisplayName(tx, viewer.id), reason },
  });
  await refreshTutorNextSlot(tx, { tutorId: context.tutorId, now });
  const [link] = await tx<{ provider: TVideoProviderName; meeting_external_id: string }[]>`
    select provider, meeting_external_id from public.session_meeting_links where session_id = ${context.sessionId}`;
  return {
    status,
    meeting: link
      ? { sessionId: context.sessionId, tutorId: context.tutorId, provider: link.provider, meetingExternalId: link.meeting_external_id }
      : null,
  };
}
