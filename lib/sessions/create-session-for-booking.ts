import "server-only";
import postgres, { type Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asService, type Tx, type Viewer } from "@/lib/db";
import { bookingColumns, toBookingRow, type TBookingRow } from "@/lib/bookings/booking-row";
import { readBookingForTutor } from "@/lib/bookings/read-booking-for-tutor";
import { recordBookingEvent } from "@/lib/bookings/record-booking-event";
import { log } from "@/lib/log";
import { enqueueLessonNotice } from "@/lib/notifications/enqueue-lesson-notice";
import { enqueueSessionReminders } from "@/lib/notifications/enqueue-session-reminders";
import { recordSessionEvent } from "@/lib/sessions/record-session-event";
import { MAX_DURATION_MINUTES, MIN_DURATION_MINUTES } from "@/lib/sessions/rules";
import { sessionColumns, toSessionRow, type TSessionRow } from "@/lib/sessions/session-row";
import { readPlatformSettings } from "@/lib/settings/platform-settings";
import { getTutorVideoProvider } from "@/lib/video/get-tutor-video-provider";
import type { TMeeting, VideoProvider } from "@/lib/video/types";

const MINUTE_MS = 60_000;
const EXCLUSION_VIOLATION = "23P01";

type TSlot = { startAt: Date; endAt: Date; durationMinutes: number };

/**
 * Confirming a booking creates its session (README "Session rules"). Callable by the
 * booking's tutor or the service; idempotent (a second call returns the same
 * session). The meeting is created first, outside any transaction (a provider
 * call must not hold row locks); then one transaction confirms the booking and
 * writes the session, its private link and the audit events. If the provider
 * fails, nothing is written: never a session without a link.
 */
export async function createSessionForBooking(options: {
  db: Sql;
  viewer: Viewer | "service";
  bookingId: string;
  now: Date;
}): Promise<{ session: TSessionRow; isCreated: boolean }> {
  const { db, viewer, bookingId, now } = options;
  const booking = await readBookingForTutor({ db, viewer, bookingId });
  const existing = await findSessionForBooking(db, bookingId);
  if (existing) return { session: existing, isCreated: false };
  const slot = assertConfirmable(booking, now);
  const { connectionId, provider } = await getTutorVideoProvider({ db, tutorId: booking.tutor_id, now });
  const meeting = await createMeeting(db, provider, booking, slot);
  try {
    const result = await asService(db, (tx) => persistSession(tx, { booking, slot, meeting, connectionId, viewer, now }));
    if (!result.isCreated) await discardUnusedMeeting(db, provider, meeting);
    return result;
  } catch (error) {
    await discardUnusedMeeting(db, provider, meeting);
    if (error instanceof postgres.PostgresError && error.code === EXCLUSION_VIOLATION) {
      throw new AppError("conflict", "This slot overlaps another confirmed booking.");
    }
    throw error;
  }
}

async function findSessionForBooking(db: Sql | Tx, bookingId: string): Promise<TSessionRow | null> {
  const [row] = await db`select ${sessionColumns(db)} from public.sessions where booking_id = ${bookingId}`;
  return row ? toSessionRow(row) : null;
}

/** Only a pending or confirmed booking whose slot has not started gets a session. */
function assertConfirmable(booking: TBookingRow, now: Date): TSlot {
  if (booking.status !== "pending" && booking.status !== "confirmed") {
    throw new AppError("conflict", `This booking was ${booking.status}; it can no longer be confirmed.`);
  }
  // A request past its deadline no longer holds its slot (the cron job will mark it expired).
  if (booking.status === "pending" && booking.expires_at !== null && booking.expires_at <= now) {
    throw new AppError("conflict", "This request expired before it was confirmed; the student can request the slot again.");
  }
  const startAt = booking.confirmed_start_at ?? booking.requested_start_at;
  const endAt = booking.confirmed_end_at ?? booking.requested_end_at;
  if (now >= startAt) throw new AppError("too_late", `This booking's start time (${startAt.toISOString()}) has passed.`);
  const durationMinutes = (endAt.getTime() - startAt.getTime()) / MINUTE_MS;
  if (!Number.isInteger(durationMinutes) || durationMinutes < MIN_DURATION_MINUTES || durationMinutes > MAX_DURATION_MINUTES) {
    throw new AppError(
      "conflict",
      `A session lasts a whole number of minutes from ${MIN_DURATION_MINUTES} to ${MAX_DURATION_MINUTES}; this booking does not.`,
    );
  }
  return { startAt, endAt, durationMinutes };
}

async function createMeeting(db: Sql, provider: VideoProvider, booking: TBookingRow, slot: TSlot): Promise<TMeeting> {
  const [labels] = await db<{ subject_name: string; timezone: string }[]>`
    select s.name as subject_name, p.timezone
    from public.subjects s, public.profiles p
    where s.id = ${booking.subject_id} and p.id = ${booking.tutor_id}
  `;
  try {
    return await provider.createMeeting({
      // Deterministic per booking: a retried confirmation must not create a second meeting.
      sessionKey: booking.id,
      topic: `Tutoring: ${labels?.subject_name ?? "lesson"}`,
      startAt: slot.startAt,
      durationMinutes: slot.durationMinutes,
      timezone: labels?.timezone ?? "UTC",
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError("provider_error", `The video provider could not create the meeting: ${reason}`);
  }
}

async function persistSession(
  tx: Tx,
  input: { booking: TBookingRow; slot: TSlot; meeting: TMeeting; connectionId: string; viewer: Viewer | "service"; now: Date },
): Promise<{ session: TSessionRow; isCreated: boolean }> {
  const { slot, meeting, now } = input;
  const [locked] = await tx`select ${bookingColumns(tx)} from public.bookings where id = ${input.booking.id} for update`;
  if (!locked) throw new AppError("not_found", "This booking no longer exists.");
  // Re-checked under the lock: a concurrent call may have confirmed, declined or moved it.
  const existing = await findSessionForBooking(tx, input.booking.id);
  if (existing) return { session: existing, isCreated: false };
  const booking = toBookingRow(locked);
  const current = assertConfirmable(booking, now);
  if (current.startAt.getTime() !== slot.startAt.getTime() || current.endAt.getTime() !== slot.endAt.getTime()) {
    throw new AppError("conflict", "This booking's time changed while it was being confirmed; try again.");
  }
  await tx`
    update public.bookings
    set status = 'confirmed', confirmed_start_at = ${slot.startAt}, confirmed_end_at = ${slot.endAt},
        decided_at = coalesce(decided_at, ${now})
    where id = ${booking.id}
  `;
  // The split and the cancellation policy in force now are frozen on the session (README "Session rules").
  const split = await readPlatformSettings(tx);
  const [row] = await tx`
    insert into public.sessions (
      booking_id, tutor_id, student_id, subject_id, provider, scheduled_start_at, scheduled_end_at,
      duration_minutes, no_show_wait_minutes, min_payable_minutes, charge_scheduled_at, price_cents, currency,
      completion_payout_bps, no_show_charge_bps, no_show_payout_bps,
      free_cancel_hours, late_cancel_charge_bps, late_cancel_payout_bps)
    select ${booking.id}, ${booking.tutor_id}, ${booking.student_id}, ${booking.subject_id}, ${meeting.provider},
           ${slot.startAt}, ${slot.endAt}, ${slot.durationMinutes}, r.no_show_wait_minutes, r.min_payable_minutes,
           ${slot.endAt}, ${booking.price_cents}, ${booking.currency},
           ${split.completionPayoutBps}, ${split.noShowChargeBps}, ${split.noShowPayoutBps},
           ${split.freeCancelHours}, ${split.lateCancelChargeBps}, ${split.lateCancelPayoutBps}
    from public.calculate_session_rules(${slot.durationMinutes}) r
    returning ${sessionColumns(tx)}
  `;
  if (!row) throw new Error("calculate_session_rules returned no row");
  const session = toSessionRow(row);
  await tx`
    insert into public.session_meeting_links (session_id, provider, meeting_external_id, join_url)
    values (${session.id}, ${meeting.provider}, ${meeting.meetingExternalId}, ${meeting.joinUrl})
  `;
  await writeCreationEvents(tx, {
    session,
    wasPending: booking.status === "pending",
    connectionId: input.connectionId,
    viewer: input.viewer,
    now,
  });
  // Told in the same transaction: a confirmation that rolls back sends nothing.
  if (booking.status === "pending") {
    await enqueueLessonNotice(tx, { bookingId: booking.id, kind: "booking_confirmed", audience: "student_side", extra: {} });
  }
  await enqueueSessionReminders(tx, { sessionId: session.id, now });
  return { session, isCreated: true };
}

async function writeCreationEvents(
  tx: Tx,
  input: { session: TSessionRow; wasPending: boolean; connectionId: string; viewer: Viewer | "service"; now: Date },
): Promise<void> {
  const actor = input.viewer === "service" ? ({ role: "system" } as const) : ({ id: input.viewer.id, role: "tutor" } as const);
  // The decision and the session commit together: a failed confirm leaves neither event.
  if (input.wasPending) {
    await recordBookingEvent(tx, {
      bookingId: input.session.booking_id,
      type: "booking.confirmed",
      actor,
      payload: { session_id: input.session.id },
      at: input.now,
    });
  }
  // Payloads are readable by the session's people at any time: never a meeting URL in them.
  await recordSessionEvent(tx, {
    sessionId: input.session.id,
    type: "session.created",
    actor,
    payload: { booking_id: input.session.booking_id, provider: input.session.provider, connection_id: input.connectionId },
    at: input.now,
  });
}

/**
 * Deletes a meeting this call created but did not use, unless a session links
 * to it (providers may hand back the same meeting for the same sessionKey).
 * Best effort: a leftover meeting is harmless, a failed confirmation is not.
 */
async function discardUnusedMeeting(db: Sql, provider: VideoProvider, meeting: TMeeting): Promise<void> {
  try {
    const [used] = await db`
      select 1 from public.session_meeting_links
      where provider = ${meeting.provider} and meeting_external_id = ${meeting.meetingExternalId}
    `;
    if (!used) await provider.deleteMeeting(meeting.meetingExternalId);
  } catch (error) {
    log.warn("meeting_cleanup_failed", { provider: meeting.provider, meetingExternalId: meeting.meetingExternalId, error });
  }
}
