import "server-only";
import postgres, { type Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asService, type Tx, type Viewer } from "@/lib/db";
import { readAnswerableProposal } from "@/lib/bookings/read-answerable-proposal";
import { recordBookingEvent } from "@/lib/bookings/record-booking-event";
import {
  isSameSide,
  proposalColumns,
  toProposalRow,
  type TProposerRole,
  type TRescheduleProposalRow,
} from "@/lib/bookings/reschedule-proposal-row";
import { updateRescheduledMeetings } from "@/lib/jobs/update-rescheduled-meetings";
import { enqueueLessonNotice } from "@/lib/notifications/enqueue-lesson-notice";
import { enqueueSessionReminders } from "@/lib/notifications/enqueue-session-reminders";
import { recordSessionEvent } from "@/lib/sessions";
import { refreshTutorNextSlot } from "@/lib/tutors/refresh-next-slot";

const EXCLUSION_VIOLATION = "23P01";

export type TRescheduledTimes = { from: { startAt: Date; endAt: Date }; to: { startAt: Date; endAt: Date } };

/**
 * The other side accepts a proposal (README "Rescheduling"): one service transaction moves the booking and
 * the session (rule columns recomputed, length, price and frozen amounts kept; the calendar SEQUENCE follows by trigger)
 * behind guarded updates, audits both times and queues the provider meeting's move. The exclusion
 * constraints still hold (a clash → 409). The meeting is moved after the commit; a failure stays queued
 * for the cron job and never undoes the reschedule.
 */
export async function acceptReschedule(options: { db: Sql; viewer: Viewer; proposalId: string; now: Date }): Promise<{
  proposal: TRescheduleProposalRow;
  times: TRescheduledTimes;
  isMeetingUpdated: boolean;
}> {
  const { db, viewer, proposalId, now } = options;
  const { proposal, role } = await readAnswerableProposal({ db, viewer, proposalId });
  assertAnswerable(proposal, role, viewer, now);
  let result: { proposal: TRescheduleProposalRow; times: TRescheduledTimes };
  try {
    result = await asService(db, async (tx) => {
      // The same order as a booking request (lib/bookings/request-booking.ts): the tutor's lock, then the student's.
      await tx`select 1 from public.tutor_booking_settings where tutor_id = ${proposal.tutor_id} for update`;
      await tx`select pg_advisory_xact_lock(hashtextextended(${`booking-student:${proposal.student_id}`}, 0))`;
      return moveSession(tx, { proposal, role, viewer, now });
    });
  } catch (error) {
    if (error instanceof postgres.PostgresError && error.code === EXCLUSION_VIOLATION) {
      throw new AppError("conflict", "The new time now clashes with another lesson; propose another time.");
    }
    throw error;
  }
  const { updated } = await updateRescheduledMeetings({ db, now, sessionId: proposal.session_id });
  return { ...result, isMeetingUpdated: updated === 1 };
}

/** Throws why this viewer cannot accept this proposal now. */
function assertAnswerable(proposal: TRescheduleProposalRow, role: TProposerRole, viewer: Viewer, now: Date): void {
  if (proposal.status !== "pending") throw new AppError("already_done", `This proposal was already ${proposal.status}.`);
  if (now >= proposal.expires_at) throw new AppError("too_late", "This proposal has expired; propose a new time.");
  if (proposal.proposed_by === viewer.id || isSameSide(proposal.proposed_by_role, role)) {
    throw new AppError("forbidden", "The other side answers this proposal; you can withdraw it instead.");
  }
}

async function moveSession(
  tx: Tx,
  input: { proposal: TRescheduleProposalRow; role: TProposerRole; viewer: Viewer; now: Date },
): Promise<{ proposal: TRescheduleProposalRow; times: TRescheduledTimes }> {
  const { proposal, role, viewer, now } = input;
  const [accepted] = await tx`
    update public.reschedule_proposals set status = 'accepted', decided_by = ${viewer.id}, decided_at = ${now}
    where id = ${proposal.id} and status = 'pending' and expires_at > ${now}
    returning ${proposalColumns(tx)}`;
  if (!accepted) throw new AppError("conflict", "This proposal changed while accepting; reload to see its state.");
  // The student was free when it was proposed; a lesson they booked since (another tutor's) must not end up at the
  // same time. Checked under the student's lock, which every booking request of theirs takes too.
  const [clash] = await tx`
    select 1 from public.bookings
    where student_id = ${proposal.student_id} and id <> ${proposal.booking_id} and status in ('pending', 'confirmed')
      and tstzrange(coalesce(confirmed_start_at, requested_start_at), coalesce(confirmed_end_at, requested_end_at), '[)')
        && tstzrange(${proposal.start_at}, ${proposal.end_at}, '[)')
    limit 1`;
  if (clash) throw new AppError("conflict", "The student has another lesson at the new time now; propose another time.");
  const [before] = await tx<{ scheduled_start_at: Date; scheduled_end_at: Date }[]>`
    select scheduled_start_at, scheduled_end_at from public.sessions
    where id = ${proposal.session_id} and status = 'SCHEDULED' and scheduled_start_at > ${now} for update`;
  if (!before) throw new AppError("conflict", "This session has started or changed; it can no longer be moved.");
  const [booking] = await tx`
    update public.bookings
    set requested_start_at = ${proposal.start_at}, requested_end_at = ${proposal.end_at},
        confirmed_start_at = ${proposal.start_at}, confirmed_end_at = ${proposal.end_at},
        buffer_before_minutes = p.buffer_before_minutes, buffer_after_minutes = p.buffer_after_minutes
    from public.reschedule_proposals p
    where p.id = ${proposal.id} and bookings.id = ${proposal.booking_id} and bookings.status = 'confirmed'
    returning bookings.id`;
  if (!booking) throw new AppError("conflict", "This booking is no longer confirmed; it can no longer be moved.");
  await tx`
    update public.sessions s
    set scheduled_start_at = ${proposal.start_at}, scheduled_end_at = ${proposal.end_at}, charge_scheduled_at = ${proposal.end_at},
        (no_show_wait_minutes, min_payable_minutes) =
          (select r.no_show_wait_minutes, r.min_payable_minutes from public.calculate_session_rules(s.duration_minutes) r)
    where s.id = ${proposal.session_id} and s.status = 'SCHEDULED'`;
  await tx`
    insert into public.session_meeting_update_retries (session_id, next_attempt_at) values (${proposal.session_id}, ${now})
    on conflict (session_id) do update set next_attempt_at = excluded.next_attempt_at, attempts = 0, last_error = null`;
  const times = {
    from: { startAt: before.scheduled_start_at, endAt: before.scheduled_end_at },
    to: { startAt: proposal.start_at, endAt: proposal.end_at },
  };
  const payload = {
    proposal_id: proposal.id,
    from_start_at: times.from.startAt.toISOString(),
    from_end_at: times.from.endAt.toISOString(),
    to_start_at: times.to.startAt.toISOString(),
    to_end_at: times.to.endAt.toISOString(),
  };
  const actor = { id: viewer.id, role } as const;
  await recordSessionEvent(tx, { sessionId: proposal.session_id, type: "session.rescheduled", actor, payload, at: now });
  await recordBookingEvent(tx, { bookingId: proposal.booking_id, type: "booking.rescheduled", actor, payload, at: now });
  await enqueueLessonNotice(tx, {
    bookingId: proposal.booking_id,
    kind: "reschedule_accepted",
    audience: "everyone",
    exceptUserId: viewer.id,
    subject: { type: "session", id: proposal.session_id },
    extra: { previous_start_at: times.from.startAt.toISOString() },
  });
  // Reminders follow the new time; the old ones are skipped at delivery (their expected start no longer matches).
  await enqueueSessionReminders(tx, { sessionId: proposal.session_id, now });
  await refreshTutorNextSlot(tx, { tutorId: proposal.tutor_id, now });
  return { proposal: toProposalRow(accepted), times };
}
