import type { Tx } from "@/lib/db";
import { z } from "zod";
import { BOOKING_STATUSES, type TBookingStatus } from "@/lib/bookings/booking-row";
import { toCents } from "@/lib/sessions/shared";

export type TBookingSummary = {
  id: string;
  status: TBookingStatus;
  subjectName: string;
  tutorName: string | null;
  studentName: string | null;
  startAt: Date;
  endAt: Date;
  durationMinutes: number;
  priceCents: number;
  currency: string;
  note: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  /** A pending request's deadline: the tutor answers before it, or the request expires. */
  expiresAt: Date | null;
};

export type TBookingSummaryRow = {
  id: string;
  status: string;
  subject_name: string;
  tutor_name: string | null;
  student_name: string | null;
  requested_start_at: Date;
  requested_end_at: Date;
  confirmed_start_at: Date | null;
  confirmed_end_at: Date | null;
  price_cents: string | number;
  currency: string;
  note: string | null;
  created_at: Date;
  decided_at: Date | null;
  expires_at?: Date | null;
};

/** `select … from public.bookings b …`: the columns toBookingSummary reads, names hidden by RLS as null. */
export function bookingSummarySelect(tx: Tx) {
  return tx`
    select b.id, b.status, subject.name as subject_name, nullif(tutor.full_name, '') as tutor_name,
      nullif(student.full_name, '') as student_name, b.requested_start_at, b.requested_end_at,
      b.confirmed_start_at, b.confirmed_end_at, b.price_cents, b.currency, b.note, b.created_at, b.decided_at, b.expires_at
    from public.bookings b
    join public.subjects subject on subject.id = b.subject_id
    left join public.profiles tutor on tutor.id = b.tutor_id
    left join public.profiles student on student.id = b.student_id`;
}

const ZBookingStatus = z.enum(BOOKING_STATUSES);

export function toBookingSummary(row: TBookingSummaryRow): TBookingSummary {
  const startAt = row.confirmed_start_at ?? row.requested_start_at;
  const endAt = row.confirmed_end_at ?? row.requested_end_at;
  return {
    id: row.id,
    status: ZBookingStatus.parse(row.status),
    subjectName: row.subject_name,
    tutorName: row.tutor_name,
    studentName: row.student_name,
    startAt,
    endAt,
    durationMinutes: Math.round((endAt.getTime() - startAt.getTime()) / 60_000),
    priceCents: toCents(row.price_cents),
    currency: row.currency,
    note: row.note,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
    expiresAt: row.expires_at ?? null,
  };
}
