import "server-only";
import postgres, { type Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { listOpenSlots } from "@/lib/availability/server";
import { asService, type Tx, type Viewer } from "@/lib/db";
import { assertCanPropose, proposerRole } from "@/lib/bookings/assert-can-propose";
import { rescheduleProposalExpiresAt } from "@/lib/bookings/reschedule-deadline";
import { proposalColumns, toProposalRow, type TProposerRole, type TRescheduleProposalRow } from "@/lib/bookings/reschedule-proposal-row";
import { enqueueLessonNotice } from "@/lib/notifications/enqueue-lesson-notice";
import { readDisplayName } from "@/lib/notifications/read-display-name";
import { readVisibleSession, recordSessionEvent, type TSessionRow } from "@/lib/sessions";
import { refreshTutorNextSlot } from "@/lib/tutors/refresh-next-slot";

const UNIQUE_VIOLATION = "23505";
const EXCLUSION_VIOLATION = "23P01";

/**
 * Either side of a session proposes a new start (README "Rescheduling"), chosen from the tutor's open
 * slots of the same length with the session's own time treated as free. The tutor may propose any time
 * before the start; the student or a parent only while a free cancellation is still possible. One open
 * proposal per session; the proposal holds its slot (reschedule_proposals_tutor_no_overlap), so two
 * sessions racing for one slot get one winner and one conflict.
 */
export async function proposeReschedule(options: {
  db: Sql;
  viewer: Viewer;
  sessionId: string;
  startAt: Date;
  now: Date;
}): Promise<{ proposal: TRescheduleProposalRow }> {
  const { db, viewer, sessionId, startAt, now } = options;
  const { session, relation } = await readVisibleSession({ db, viewer, sessionId });
  const role = proposerRole(relation);
  await assertCanPropose({ db, session, role, now });
  if (startAt.getTime() === session.scheduled_start_at.getTime()) {
    throw new AppError("invalid_input", "That is the session's current time; choose another slot.");
  }
  try {
    const proposal = await asService(db, (tx) => insertProposal(tx, { session, role, viewer, startAt, now }));
    return { proposal };
  } catch (error) {
    if (error instanceof postgres.PostgresError && error.code === UNIQUE_VIOLATION) {
      throw new AppError("conflict", "This session already has an open proposal; it must be answered or withdrawn first.");
    }
    if (error instanceof postgres.PostgresError && error.code === EXCLUSION_VIOLATION) {
      throw new AppError("conflict", "That slot was just taken; choose another.");
    }
    throw error;
  }
}

async function insertProposal(
  tx: Tx,
  input: { session: TSessionRow; role: TProposerRole; viewer: Viewer; startAt: Date; now: Date },
): Promise<TRescheduleProposalRow> {
  const { session, role, viewer, startAt, now } = input;
  // One writer of a tutor's busy time at a time: the settings row is the tutor-level lock.
  const [settings] = await tx<{ minimum_notice_minutes: number; buffer_before_minutes: number; buffer_after_minutes: number }[]>`
    select minimum_notice_minutes, buffer_before_minutes, buffer_after_minutes
    from public.tutor_booking_settings where tutor_id = ${session.tutor_id} for update`;
  if (!settings) throw new AppError("not_found", "This tutor has no booking settings.");
  const [locked] = await tx<{ status: string; scheduled_start_at: Date }[]>`
    select status, scheduled_start_at from public.sessions where id = ${session.id} for update`;
  if (!locked || locked.status !== "SCHEDULED" || locked.scheduled_start_at.getTime() !== session.scheduled_start_at.getTime()) {
    throw new AppError("conflict", "This session changed while proposing; reload and try again.");
  }
  const [open] = await tx`select 1 from public.reschedule_proposals where session_id = ${session.id} and status = 'pending'`;
  if (open) throw new AppError("conflict", "This session already has an open proposal; it must be answered or withdrawn first.");
  const endAt = await assertSlotOffered(tx, { session, startAt, now });
  const [row] = await tx`
    insert into public.reschedule_proposals (session_id, booking_id, tutor_id, student_id, proposed_by, proposed_by_role,
      start_at, end_at, expires_at, buffer_before_minutes, buffer_after_minutes)
    values (${session.id}, ${session.booking_id}, ${session.tutor_id}, ${session.student_id}, ${viewer.id}, ${role},
      ${startAt}, ${endAt},
      ${rescheduleProposalExpiresAt({ now, newStartAt: startAt, currentStartAt: session.scheduled_start_at, minimumNoticeMinutes: settings.minimum_notice_minutes })},
      ${settings.buffer_before_minutes}, ${settings.buffer_after_minutes})
    returning ${proposalColumns(tx)}`;
  if (!row) throw new Error("insert returned no proposal");
  const proposal = toProposalRow(row);
  await recordSessionEvent(tx, {
    sessionId: session.id,
    type: "session.reschedule_proposed",
    actor: { id: viewer.id, role },
    payload: { proposal_id: proposal.id, start_at: startAt.toISOString(), end_at: endAt.toISOString() },
    at: now,
  });
  await enqueueLessonNotice(tx, {
    bookingId: session.booking_id,
    kind: "reschedule_proposed",
    audience: "everyone",
    exceptUserId: viewer.id,
    subject: { type: "session", id: session.id },
    extra: { proposed_start_at: startAt.toISOString(), proposed_by_name: await readDisplayName(tx, viewer.id) },
  });
  await refreshTutorNextSlot(tx, { tutorId: session.tutor_id, now });
  return proposal;
}

/** The start must be one of the tutor's open slots of this length, and the student must be free then. */
async function assertSlotOffered(tx: Tx, input: { session: TSessionRow; startAt: Date; now: Date }): Promise<Date> {
  const { session, startAt, now } = input;
  const { slots } = await listOpenSlots({
    tx,
    tutorId: session.tutor_id,
    durationMinutes: session.duration_minutes,
    now,
    ignoreBookingIds: [session.booking_id],
  });
  const slot = slots.find((candidate) => candidate.startAt.getTime() === startAt.getTime());
  if (!slot) throw new AppError("conflict", "The tutor does not offer that time; choose one of the open slots.");
  const [clash] = await tx`
    select 1 from public.bookings
    where student_id = ${session.student_id} and id <> ${session.booking_id} and status in ('pending', 'confirmed')
      and tstzrange(coalesce(confirmed_start_at, requested_start_at), coalesce(confirmed_end_at, requested_end_at), '[)')
        && tstzrange(${slot.startAt}, ${slot.endAt}, '[)')`;
  if (clash) throw new AppError("conflict", "The student has another lesson at that time; choose another slot.");
  return slot.endAt;
}
