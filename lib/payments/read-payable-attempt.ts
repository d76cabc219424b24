import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";

export type TPayableAttempt = {
  id: string;
  sessionId: string;
  status: "pending" | "processing" | "succeeded" | "action_required" | "awaiting_payee" | "manual_due" | "failed" | "cancelled";
  amountCents: number;
  currency: string;
  attemptCount: number;
  idempotencyKey: string;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  subjectName: string;
  tutorName: string;
  studentName: string;
  startAt: Date;
  durationMinutes: number;
  timeZone: string;
};

/**
 * A lesson's charge attempt as its payer sees it on "Complete payment" (app/pay/[attemptId]). Read as
 * the viewer: RLS shows an attempt only to the party who pays it, so anyone else gets not_found (never
 * a hint that it exists). The lesson facts come through the session the payer may read.
 */
export async function readPayableAttempt(options: { db: Sql; viewer: TAppViewer; attemptId: string }): Promise<TPayableAttempt> {
  const { db, viewer, attemptId } = options;
  const row = await asUser(db, viewer, async (tx) => {
    const [attempt] = await tx<
      {
        id: string;
        session_id: string;
        status: TPayableAttempt["status"];
        amount_cents: string;
        currency: string;
        attempt_count: number;
        idempotency_key: string;
        last_error_code: string | null;
        last_error_message: string | null;
      }[]
    >`
      select id, session_id, status, amount_cents, currency, attempt_count, idempotency_key, last_error_code, last_error_message
      from public.payment_attempts where id = ${attemptId} and kind = 'charge' and party_id = ${viewer.id}`;
    return attempt ?? null;
  });
  if (!row) throw new AppError("not_found", "There is no payment of yours with that id.");
  const lesson = await readLesson(db, row.session_id, viewer.id);
  return {
    id: row.id,
    sessionId: row.session_id,
    status: row.status,
    amountCents: Number(row.amount_cents),
    currency: row.currency,
    attemptCount: row.attempt_count,
    idempotencyKey: row.idempotency_key,
    lastErrorCode: row.last_error_code,
    lastErrorMessage: row.last_error_message,
    ...lesson,
  };
}

/** The lesson's facts; read as the service because the attempt above already proved the viewer pays for it. */
async function readLesson(db: Sql, sessionId: string, viewerId: string) {
  const [lesson] = await db<
    { subject_name: string; tutor_name: string; student_name: string; start_at: Date; duration_minutes: number; timezone: string }[]
  >`
    select sub.name as subject_name, t.full_name as tutor_name, st.full_name as student_name,
           s.scheduled_start_at as start_at, s.duration_minutes, viewer.timezone
    from public.sessions s
    join public.subjects sub on sub.id = s.subject_id
    join public.profiles t on t.id = s.tutor_id
    join public.profiles st on st.id = s.student_id
    join public.profiles viewer on viewer.id = ${viewerId}
    where s.id = ${sessionId}`;
  if (!lesson) throw new AppError("not_found", "That lesson no longer exists.");
  return {
    subjectName: lesson.subject_name,
    tutorName: lesson.tutor_name,
    studentName: lesson.student_name,
    startAt: lesson.start_at,
    durationMinutes: lesson.duration_minutes,
    timeZone: lesson.timezone,
  };
}
