import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { Tx } from "@/lib/db";
import { isFreeCancellationOpen } from "@/lib/bookings/cancellation-policy";
import type { TProposerRole } from "@/lib/bookings/reschedule-proposal-row";
import type { TSessionRelation, TSessionRow } from "@/lib/sessions";

/** The side a participant speaks for; admins and others cannot propose. */
export function proposerRole(relation: TSessionRelation): TProposerRole {
  if (relation === "other") throw new AppError("forbidden", "Only the session's tutor, student or a parent can reschedule it.");
  return relation;
}

/** Throws why this side may not propose now (shared with the slots read). */
export async function assertCanPropose(options: { db: Sql | Tx; session: TSessionRow; role: TProposerRole; now: Date }): Promise<void> {
  const { db, session, role, now } = options;
  if (session.status !== "SCHEDULED") {
    throw new AppError("conflict", "This session is no longer scheduled, so it can't be moved.", { status: session.status });
  }
  if (now >= session.scheduled_start_at) {
    throw new AppError("too_late", "This session has started; it can no longer be rescheduled.");
  }
  if (role === "tutor") return;
  const [policy] = await db<{ free_cancel_hours: number }[]>`
    select free_cancel_hours from public.sessions where id = ${session.id}`;
  const freeCancelHours = policy?.free_cancel_hours ?? 24;
  if (!isFreeCancellationOpen({ startAt: session.scheduled_start_at, freeCancelHours, now })) {
    throw new AppError(
      "too_late",
      `A new time can be proposed up to ${freeCancelHours} hours before the start; ask the tutor to propose one instead.`,
    );
  }
}
