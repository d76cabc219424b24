import type { TNotificationKind } from "./kinds";

/**
 * What every lesson notification knows, written at enqueue time as JSON (times are ISO
 * strings; each template shows them in the recipient's own zone at render time).
 * Built by readLessonFacts (TypeScript) and by the charge job's statement (SQL) alike.
 */
export type TLessonFacts = {
  booking_id: string;
  start_at: string;
  duration_minutes: number;
  subject_name: string;
  tutor_name: string;
  student_name: string;
};

type TMoney = { amount_cents: number; currency: string };
type TSessionRef = { session_id: string };
type TDisputeRef = TSessionRef & { dispute_id: string };

/** The data each kind carries (enqueueNotification's `data`, typed by `kind`). */
export type TNotificationDataMap = {
  booking_requested: TLessonFacts;
  booking_confirmed: TLessonFacts;
  booking_declined: TLessonFacts & { reason: string | null };
  booking_expired: TLessonFacts;
  booking_cancelled: TLessonFacts & { cancelled_by_name: string; reason: string | null };
  reschedule_proposed: TLessonFacts & { proposed_start_at: string; proposed_by_name: string };
  reschedule_accepted: TLessonFacts & { previous_start_at: string };
  /** `expected_start_at`: the start the reminder was written for; a moved or cancelled lesson's reminder is skipped. */
  reminder_24h: TLessonFacts & TSessionRef & { expected_start_at: string };
  reminder_15m: TLessonFacts & TSessionRef & { expected_start_at: string };
  session_joined: TLessonFacts & TSessionRef & { joined_role: "student" | "tutor" };
  rating_requested: TLessonFacts & TSessionRef;
  no_show_marked: TLessonFacts & TSessionRef & TMoney;
  /** `outside_reference`: paid outside the card processor (bank transfer, cash), recorded by an admin with this reference. */
  charge_receipt: TLessonFacts & TSessionRef & TMoney & { outside_reference?: string };
  /** `attempt_id`: the payment attempt the payer completes on-session at /pay/<attempt_id>. */
  payment_action_required: TLessonFacts & TMoney & { attempt_id: string };
  refund_sent: TLessonFacts & TSessionRef & TMoney & { outside_reference?: string };
  /** `failure_reason`: the provider's (expired_or_canceled_card, lost_or_stolen_card, unknown), or null. */
  refund_failed: TLessonFacts & TSessionRef & TMoney & { failure_reason: string | null };
  /** Paid by hand (the manual provider): how to pay is on the payer's payments page. */
  payment_due: TLessonFacts & TSessionRef & TMoney;
  refund_due: TLessonFacts & TSessionRef & TMoney;
  payout_released: TLessonFacts & TSessionRef & TMoney;
  dispute_opened: TLessonFacts & TDisputeRef;
  dispute_answered: TLessonFacts & TDisputeRef;
  dispute_resolved: TLessonFacts & TDisputeRef & { outcome: string };
};

export type TNotificationData<K extends TNotificationKind> = TNotificationDataMap[K];
