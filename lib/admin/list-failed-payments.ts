import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";
import { viewerTimeZone } from "@/lib/sessions";
import { toCents } from "@/lib/sessions/shared";

export type TFailedPayment = {
  attemptId: string;
  sessionId: string;
  bookingId: string;
  kind: "charge" | "refund" | "transfer";
  amountCents: number;
  currency: string;
  partyName: string | null;
  subjectName: string;
  scheduledStartAt: Date;
  attemptCount: number;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  updatedAt: Date;
};

const LIMIT = 100;

/** The admin's failed-payments queue: attempts the collection job gave up on, read as the admin under RLS. */
export async function listFailedPayments(options: { db: Sql; viewer: TAppViewer }): Promise<{ timeZone: string; items: TFailedPayment[] }> {
  const { db, viewer } = options;
  if (viewer.role !== "admin") throw new AppError("forbidden", "Only an admin can see failed payments.");
  return asUser(db, viewer, async (tx) => {
    const timeZone = await viewerTimeZone(tx, viewer.id);
    const rows = await tx<
      {
        id: string;
        session_id: string;
        booking_id: string;
        kind: "charge" | "refund" | "transfer";
        amount_cents: string;
        currency: string;
        party_name: string | null;
        subject_name: string;
        scheduled_start_at: Date;
        attempt_count: number;
        last_error_code: string | null;
        last_error_message: string | null;
        updated_at: Date;
      }[]
    >`
      select a.id, a.session_id, s.booking_id, a.kind, a.amount_cents, a.currency, nullif(p.full_name, '') as party_name,
             subject.name as subject_name, s.scheduled_start_at, a.attempt_count, a.last_error_code, a.last_error_message, a.updated_at
      from public.payment_attempts a
      join public.sessions s on s.id = a.session_id
      join public.subjects subject on subject.id = s.subject_id
      left join public.profiles p on p.id = a.party_id
      -- a decision moves the attempt out of failed at once: one still failed is new, or failed again after an admin's retry
      where a.status = 'failed'
      order by a.updated_at limit ${LIMIT}`;
    return {
      timeZone,
      items: rows.map((row) => ({
        attemptId: row.id,
        sessionId: row.session_id,
        bookingId: row.booking_id,
        kind: row.kind,
        amountCents: toCents(row.amount_cents),
        currency: row.currency,
        partyName: row.party_name,
        subjectName: row.subject_name,
        scheduledStartAt: row.scheduled_start_at,
        attemptCount: row.attempt_count,
        lastErrorCode: row.last_error_code,
        lastErrorMessage: row.last_error_message,
        updatedAt: row.updated_at,
      })),
    };
  });
}
