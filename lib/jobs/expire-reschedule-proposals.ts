import "server-only";
import type { Sql } from "postgres";
import { asService } from "@/lib/db";
import { recordSessionEvent } from "@/lib/sessions";
import { refreshTutorNextSlot } from "@/lib/tutors/refresh-next-slot";

const BATCH_SIZE = 500;

/**
 * Expires pending reschedule proposals past their deadline (README "Rescheduling"), set-based and
 * SKIP LOCKED so concurrent ticks never double-expire; each freed slot refreshes its tutor's next slot.
 * (The engine already ignores a lapsed proposal; this makes the state say so and audits it.)
 */
export async function expireRescheduleProposals(options: { db: Sql; now: Date }): Promise<{ expired: number }> {
  const { db, now } = options;
  return asService(db, async (tx) => {
    const rows = await tx<{ id: string; session_id: string; tutor_id: string; start_at: Date }[]>`
      update public.reschedule_proposals p set status = 'expired', decided_at = ${now}
      where p.id in (
        select id from public.reschedule_proposals
        where status = 'pending' and expires_at <= ${now}
        order by expires_at limit ${BATCH_SIZE} for update skip locked)
      returning p.id, p.session_id, p.tutor_id, p.start_at`;
    for (const row of rows) {
      await recordSessionEvent(tx, {
        sessionId: row.session_id,
        type: "session.reschedule_expired",
        actor: { role: "system" },
        payload: { proposal_id: row.id, start_at: row.start_at.toISOString() },
        at: now,
      });
    }
    for (const tutorId of new Set(rows.map((row) => row.tutor_id))) await refreshTutorNextSlot(tx, { tutorId, now });
    return { expired: rows.length };
  });
}
