import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";
import { centsToDecimal, toCsv } from "@/lib/payments/csv";

/**
 * The manual provider's payouts (README "Payments"): every released payout whose transfer is due by hand
 * (`manual_due`), as a CSV for the admin to pay from the bank. Read as the admin (RLS lets only admins
 * read every attempt), oldest first.
 */
export async function listManualPayouts(options: { db: Sql; viewer: TAppViewer }): Promise<string> {
  const { db, viewer } = options;
  if (viewer.role !== "admin") throw new AppError("forbidden", "Only admins export payouts.");
  const rows = await asUser(
    db,
    viewer,
    (tx) => tx<
      {
        attempt_id: string;
        tutor_id: string;
        tutor_name: string;
        amount_cents: string;
        currency: string;
        session_id: string;
        lesson_start_at: Date;
        created_at: Date;
      }[]
    >`
      select a.id as attempt_id, a.party_id as tutor_id, p.full_name as tutor_name, a.amount_cents, a.currency, a.session_id,
             s.scheduled_start_at as lesson_start_at, a.created_at
      from public.payment_attempts a
      join public.profiles p on p.id = a.party_id
      join public.sessions s on s.id = a.session_id
      where a.kind = 'transfer' and a.status = 'manual_due'
      order by a.created_at, a.id`,
  );
  return toCsv(
    ["attempt id", "tutor id", "tutor", "currency", "amount", "session id", "lesson (UTC)", "released (UTC)"],
    rows.map((row) => [
      row.attempt_id,
      row.tutor_id,
      row.tutor_name,
      row.currency,
      centsToDecimal(Number(row.amount_cents)),
      row.session_id,
      row.lesson_start_at.toISOString(),
      row.created_at.toISOString(),
    ]),
  );
}
