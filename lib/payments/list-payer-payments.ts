import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService } from "@/lib/db";

/** What the payer sees for one charge or refund (never the tutor's payout or the platform's fee). */
export type TPayerPaymentStatus =
  | "paid" // a charge collected
  | "processing" // being collected or refunded (or waiting for its turn)
  | "needs_action" // declined or needs authentication: "Complete payment"
  | "due" // the manual provider: the amount is due by hand (or owed back to the payer)
  | "refunded" // a refund sent back to the card
  | "failed" // a charge given up on (the admin looks at it, the payer can still pay); a refund the card issuer returned
  | "cancelled"; // nothing to collect any more (refunded before it was charged)

export type TPayerPayment = {
  ledgerEntryId: string;
  attemptId: string;
  kind: "charge" | "refund";
  status: TPayerPaymentStatus;
  amountCents: number;
  /** A charge's refunds so far (0 for a refund row). */
  refundedCents: number;
  currency: string;
  postedAt: Date;
  sessionId: string;
  subjectName: string;
  tutorName: string;
  studentName: string;
  lessonStartAt: Date;
  providerRef: string | null;
  reason: string | null;
};

type TRow = {
  ledger_entry_id: string;
  attempt_id: string;
  kind: "charge" | "refund";
  attempt_status: string;
  amount_cents: string;
  refunded_cents: string;
  currency: string;
  posted_at: Date;
  session_id: string;
  subject_name: string;
  tutor_name: string;
  student_name: string;
  lesson_start_at: Date;
  provider_ref: string | null;
  last_error_message: string | null;
};

const STATUS: Record<"charge" | "refund", Record<string, TPayerPaymentStatus>> = {
  charge: {
    succeeded: "paid",
    pending: "processing",
    processing: "processing",
    action_required: "needs_action",
    manual_due: "due",
    failed: "failed",
    cancelled: "cancelled",
  },
  refund: {
    succeeded: "refunded",
    pending: "processing",
    processing: "processing",
    manual_due: "due",
    failed: "failed",
    cancelled: "cancelled",
  },
};

/**
 * Every charge and refund of the lessons the viewer paid for (README "Payments"): a student's own
 * bookings, a parent's bookings for their children. The payer is the party of the payment attempt (the
 * booking's requester), which is also the authorization here: the query is filtered to the viewer's own
 * attempts. Newest first; `ledgerEntryId` narrows it to one row (a receipt).
 */
export async function listPayerPayments(options: { db: Sql; viewer: TAppViewer; ledgerEntryId?: string }): Promise<TPayerPayment[]> {
  const { db, viewer } = options;
  if (viewer.role !== "student" && viewer.role !== "parent") {
    throw new AppError("forbidden", "Payments are listed for the student or parent who pays.");
  }
  const only = options.ledgerEntryId ?? null;
  const rows = await asService(
    db,
    (tx) => tx<TRow[]>`
      select l.id as ledger_entry_id, a.id as attempt_id, a.kind, a.status as attempt_status, l.amount_cents, l.currency,
             l.created_at as posted_at, l.session_id, sub.name as subject_name, t.full_name as tutor_name,
             st.full_name as student_name, s.scheduled_start_at as lesson_start_at,
             coalesce(l.provider_ref, a.provider_ref) as provider_ref,
             -- a charge's decline, in the provider's words for its payer; a refund's failure is worded by the page
             case when a.kind = 'charge' and a.status in ('action_required', 'failed') then a.last_error_message end as last_error_message,
             -- a refund the card issuer returned is not back with the payer: the charge does not read as refunded by it
             case when a.kind = 'charge' then coalesce((
               select sum(r.amount_cents) from public.ledger_entries r
               left join public.payment_attempts ra on ra.ledger_entry_id = r.id
               where r.session_id = l.session_id and r.kind = 'refund' and ra.status is distinct from 'failed'), 0) else 0 end as refunded_cents
      from public.payment_attempts a
      join public.ledger_entries l on l.id = a.ledger_entry_id
      join public.sessions s on s.id = l.session_id
      join public.subjects sub on sub.id = s.subject_id
      join public.profiles t on t.id = s.tutor_id
      join public.profiles st on st.id = s.student_id
      where a.party_id = ${viewer.id} and a.kind in ('charge', 'refund')
        and (${only}::uuid is null or l.id = ${only}::uuid)
      order by l.created_at desc, l.id
      limit 500`,
  );
  return rows.map((row) => ({
    ledgerEntryId: row.ledger_entry_id,
    attemptId: row.attempt_id,
    kind: row.kind,
    status: statusOf(row),
    amountCents: Number(row.amount_cents),
    refundedCents: Number(row.refunded_cents),
    currency: row.currency,
    postedAt: row.posted_at,
    sessionId: row.session_id,
    subjectName: row.subject_name,
    tutorName: row.tutor_name,
    studentName: row.student_name,
    lessonStartAt: row.lesson_start_at,
    providerRef: row.provider_ref,
    reason: row.last_error_message,
  }));
}

/** A collected charge whose refunds add up to all of it reads as refunded. */
function statusOf(row: TRow): TPayerPaymentStatus {
  const status = STATUS[row.kind][row.attempt_status] ?? "processing";
  const isFullyRefunded = row.kind === "charge" && Number(row.refunded_cents) >= Number(row.amount_cents);
  return status === "paid" && isFullyRefunded ? "refunded" : status;
}
