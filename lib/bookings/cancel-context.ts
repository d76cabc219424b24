import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService, type Tx } from "@/lib/db";
import { freeCancellationEndsAt, type TCancellationActor, type TCancellationSession } from "@/lib/bookings/cancellation-policy";
import { readVisibleSession } from "@/lib/sessions";

export type TCancellationContext = {
  actor: TCancellationActor;
  sessionId: string;
  bookingId: string;
  tutorId: string;
  studentId: string;
  currency: string;
  policy: TCancellationSession;
  freeUntil: Date;
};

/**
 * Who is cancelling and under which frozen policy. Visibility is decided as the viewer (RLS:
 * another user's session is not_found); the policy columns, payout side included, are then
 * read as service for server code only.
 */
export async function readCancellationContext(options: { db: Sql; viewer: TAppViewer; sessionId: string }): Promise<TCancellationContext> {
  const { db, viewer, sessionId } = options;
  const { session, relation } = await readVisibleSession({ db, viewer, sessionId });
  const actor = relation === "other" ? (viewer.role === "admin" ? "admin" : null) : relation;
  if (!actor) throw new AppError("forbidden", "Only the lesson's student, their parent, its tutor or an admin can cancel it.");
  const policy = await asService(db, (tx) => readPolicy(tx, sessionId));
  return {
    actor,
    sessionId,
    bookingId: session.booking_id,
    tutorId: session.tutor_id,
    studentId: session.student_id,
    currency: session.currency,
    policy,
    freeUntil: freeCancellationEndsAt(policy.startAt, policy.freeCancelHours),
  };
}

export async function readPolicy(tx: Tx, sessionId: string): Promise<TCancellationSession> {
  const [row] = await tx<
    {
      status: string;
      scheduled_start_at: Date;
      price_cents: string;
      free_cancel_hours: number;
      late_cancel_charge_bps: number;
      late_cancel_payout_bps: number;
    }[]
  >`
    select status, scheduled_start_at, price_cents, free_cancel_hours, late_cancel_charge_bps, late_cancel_payout_bps
    from public.sessions where id = ${sessionId}
  `;
  if (!row) throw new AppError("not_found", "There is no session with this id that you can see.");
  return {
    status: row.status,
    startAt: row.scheduled_start_at,
    priceCents: Number(row.price_cents),
    freeCancelHours: row.free_cancel_hours,
    lateCancelChargeBps: row.late_cancel_charge_bps,
    lateCancelPayoutBps: row.late_cancel_payout_bps,
  };
}
