import "server-only";
import type { Tx } from "@/lib/db";
import type { TBookingEventType } from "@/lib/bookings/booking-events";
import { enqueueLessonNotice } from "@/lib/notifications/enqueue-lesson-notice";

const EXPIRED: TBookingEventType = "booking.expired";

export type TExpiredRequest = { id: string; tutorId: string; studentId: string };

/**
 * Marks pending requests whose deadline (`expires_at`) has passed as 'expired' and writes one
 * `booking.expired` event (actor: system) per request, set-based, in the caller's transaction (as
 * service). `scope` narrows it to one tutor's or one student's requests overlapping a time range
 * (a new request clearing the way for itself); without a scope it takes every stale request (the cron
 * job). `skipLocked`: rows another transaction holds are left for the next run instead of waited for.
 * Idempotent: an expired request is no longer pending, so a second run finds nothing. The student and their
 * parents are told, in the same transaction.
 * The caller refreshes the affected tutors' next slot.
 */
export async function expirePendingRequests(
  tx: Tx,
  options: {
    now: Date;
    scope?: { tutorId: string; studentId: string; from: Date; to: Date };
    skipLocked?: boolean;
    limit?: number;
  },
): Promise<TExpiredRequest[]> {
  const { now, scope } = options;
  const limit = options.limit ?? 10_000;
  const lock = options.skipLocked ? tx`for update skip locked` : tx`for update`;
  const inScope = scope
    ? tx`and (b.tutor_id = ${scope.tutorId} or b.student_id = ${scope.studentId})
         and tstzrange(public.shift_minutes(b.requested_start_at, -b.buffer_before_minutes),
                       public.shift_minutes(b.requested_end_at, b.buffer_after_minutes), '[)')
             && tstzrange(${scope.from}, ${scope.to}, '[)')`
    : tx``;
  const rows = await tx<{ id: string; tutor_id: string; student_id: string }[]>`
    with stale as (
      select b.id from public.bookings b
      where b.status = 'pending' and b.expires_at <= ${now} ${inScope}
      order by b.expires_at
      limit ${limit}
      ${lock}
    ),
    expired as (
      update public.bookings b set status = 'expired', decided_at = ${now}
      from stale where b.id = stale.id
      returning b.id, b.tutor_id, b.student_id
    ),
    events as (
      insert into public.booking_events (booking_id, type, actor_id, actor_role, payload, at)
      select expired.id, ${EXPIRED}, null, 'system', '{}'::jsonb, ${now} from expired
    )
    select id, tutor_id, student_id from expired`;
  for (const row of rows) {
    await enqueueLessonNotice(tx, { bookingId: row.id, kind: "booking_expired", audience: "student_side", extra: {} });
  }
  return rows.map((row) => ({ id: row.id, tutorId: row.tutor_id, studentId: row.student_id }));
}
