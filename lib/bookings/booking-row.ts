import type { ISql, Row } from "postgres";
import { toCents } from "@/lib/sessions/shared";

export const BOOKING_STATUSES = ["pending", "confirmed", "declined", "cancelled", "withdrawn", "expired"] as const;
export type TBookingStatus = (typeof BOOKING_STATUSES)[number];

/** A `public.bookings` row, snake_case like the table. */
export type TBookingRow = {
  id: string;
  student_id: string;
  tutor_id: string;
  subject_id: string;
  requested_by: string;
  status: TBookingStatus;
  requested_start_at: Date;
  requested_end_at: Date;
  confirmed_start_at: Date | null;
  confirmed_end_at: Date | null;
  price_cents: number;
  currency: string;
  note: string | null;
  decided_at: Date | null;
  /** A pending request's deadline (the tutor decides before it, or the request expires). */
  expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

const BOOKING_COLUMNS = [
  "id",
  "student_id",
  "tutor_id",
  "subject_id",
  "requested_by",
  "status",
  "requested_start_at",
  "requested_end_at",
  "confirmed_start_at",
  "confirmed_end_at",
  "price_cents",
  "currency",
  "note",
  "decided_at",
  "expires_at",
  "created_at",
  "updated_at",
] as const satisfies readonly (keyof TBookingRow)[];

export function bookingColumns(sql: ISql) {
  return sql(BOOKING_COLUMNS);
}

export function toBookingRow(row: Row): TBookingRow {
  return { ...(row as TBookingRow), price_cents: toCents(row.price_cents) };
}
