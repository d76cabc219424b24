import type { ISql, Row } from "postgres";
import type { TStoredSessionStatus } from "@/lib/sessions/display-status";
import type { TVideoProviderName } from "@/lib/video/types";

/**
 * A session as the API returns it: the `public.sessions` row, snake_case like
 * the table. The meeting link is not part of it (session_meeting_links, join route only).
 */
export type TSessionRow = {
  id: string;
  booking_id: string;
  tutor_id: string;
  student_id: string;
  subject_id: string;
  provider: TVideoProviderName;
  status: TStoredSessionStatus;
  scheduled_start_at: Date;
  scheduled_end_at: Date;
  duration_minutes: number;
  no_show_wait_minutes: number;
  min_payable_minutes: number;
  charge_scheduled_at: Date;
  charged_at: Date | null;
  price_cents: number;
  charge_cents: number | null;
  payout_cents: number | null;
  platform_fee_cents: number | null;
  currency: string;
  completion_payout_bps: number;
  no_show_charge_bps: number;
  no_show_payout_bps: number;
  meeting_started_at: Date | null;
  meeting_ended_at: Date | null;
  student_joined_at: Date | null;
  tutor_joined_at: Date | null;
  marked_no_show_at: Date | null;
  cancelled_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

const SESSION_COLUMNS = [
  "id",
  "booking_id",
  "tutor_id",
  "student_id",
  "subject_id",
  "provider",
  "status",
  "scheduled_start_at",
  "scheduled_end_at",
  "duration_minutes",
  "no_show_wait_minutes",
  "min_payable_minutes",
  "charge_scheduled_at",
  "charged_at",
  "price_cents",
  "charge_cents",
  "payout_cents",
  "platform_fee_cents",
  "currency",
  "completion_payout_bps",
  "no_show_charge_bps",
  "no_show_payout_bps",
  "meeting_started_at",
  "meeting_ended_at",
  "student_joined_at",
  "tutor_joined_at",
  "marked_no_show_at",
  "cancelled_at",
  "created_at",
  "updated_at",
] as const satisfies readonly (keyof TSessionRow)[];

/** The column list for `select ${sessionColumns(sql)} from public.sessions`. */
export function sessionColumns(sql: ISql) {
  return sql(SESSION_COLUMNS);
}

/** postgres.js returns bigint as a string; amounts are whole cents well inside 2^53. */
export function toSessionRow(row: Row): TSessionRow {
  return {
    ...(row as TSessionRow),
    price_cents: toCents(row.price_cents),
    charge_cents: toNullableCents(row.charge_cents),
    payout_cents: toNullableCents(row.payout_cents),
    platform_fee_cents: toNullableCents(row.platform_fee_cents),
  };
}

export function toCents(value: unknown): number {
  const cents = Number(value);
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${String(value)}`);
  return cents;
}

function toNullableCents(value: unknown): number | null {
  return value === null || value === undefined ? null : toCents(value);
}
