import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { listOpenSlots } from "@/lib/availability/server";
import { asService, type Tx, type Viewer } from "@/lib/db";
import { assertCanPropose, proposerRole } from "@/lib/bookings/assert-can-propose";
import { readVisibleSession, type TSessionRow } from "@/lib/sessions";

export type TRescheduleSlots = {
  isAllowed: boolean;
  /** Why the viewer cannot propose now (shown beside the disabled button); null when allowed. */
  reason: string | null;
  tutorTimeZone: string;
  slots: { startAt: Date; endAt: Date }[];
};

/**
 * The new starts the viewer may propose for a session: the tutor's open slots of the session's length in
 * the next `days`, with the session's own time free. Not allowed (with the reason, no slots) outside the
 * proposer's window; a stranger gets not_found.
 */
export async function listRescheduleSlots(options: {
  db: Sql;
  viewer: Viewer;
  sessionId: string;
  days: number;
  now: Date;
}): Promise<TRescheduleSlots> {
  const { db, viewer, sessionId, days, now } = options;
  const { session, relation } = await readVisibleSession({ db, viewer, sessionId });
  const role = proposerRole(relation);
  try {
    await assertCanPropose({ db, session, role, now });
  } catch (error) {
    if (error instanceof AppError) return { isAllowed: false, reason: error.message, tutorTimeZone: "UTC", slots: [] };
    throw error;
  }
  try {
    return await asService(db, (tx) => readChoices(tx, session));
  } catch (error) {
    // A length the tutor no longer offers: nothing to propose, and the page says why.
    if (error instanceof AppError) return { isAllowed: false, reason: error.message, tutorTimeZone: "UTC", slots: [] };
    throw error;
  }

  async function readChoices(tx: Tx, session: TSessionRow): Promise<TRescheduleSlots> {
    const [open] = await tx`select 1 from public.reschedule_proposals where session_id = ${session.id} and status = 'pending'`;
    const { availability, slots } = await listOpenSlots({
      tx,
      tutorId: session.tutor_id,
      durationMinutes: session.duration_minutes,
      now,
      days,
      ignoreBookingIds: [session.booking_id],
    });
    const choices = slots.filter((slot) => slot.startAt.getTime() !== session.scheduled_start_at.getTime());
    if (open) {
      return {
        isAllowed: false,
        reason: "A new time is already proposed; it must be answered first.",
        tutorTimeZone: availability.timeZone,
        slots: [],
      };
    }
    return { isAllowed: true, reason: null, tutorTimeZone: availability.timeZone, slots: choices };
  }
}
