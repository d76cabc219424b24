/**
 * Every notification the platform sends: one typed kind, one label, one category, and the
 * channels it uses. Client-safe (the preferences page lists the categories). The data each
 * kind carries is typed in ./notification-data.ts; its words live in ./templates/.
 */
export const NOTIFICATION_CATEGORIES = {
  bookings: { label: "Booking updates", description: "Requests, confirmations, declines, cancellations and new times." },
  reminders: { label: "Lesson reminders", description: "24 hours and 15 minutes before each lesson." },
  lessons: { label: "Lesson activity", description: "Rating requests after a lesson." },
  payments: { label: "Payments and receipts", description: "Receipts, no-show charges and payouts. Always on: they are records of money." },
  disputes: { label: "Disputes", description: "When a dispute is opened, answered or resolved." },
} as const;

export type TNotificationCategory = keyof typeof NOTIFICATION_CATEGORIES;
export const NOTIFICATION_CATEGORY_NAMES = Object.keys(NOTIFICATION_CATEGORIES) as TNotificationCategory[];

/** Transactional: email can't be turned off (the database refuses it too: notification_preferences_payments_locked). */
export const LOCKED_CATEGORIES: readonly TNotificationCategory[] = ["payments"];

export function isCategoryLocked(category: TNotificationCategory): boolean {
  return LOCKED_CATEGORIES.includes(category);
}

type TKindSpec = { label: string; category: TNotificationCategory; email: boolean; inApp: boolean };

export const NOTIFICATION_KINDS = {
  booking_requested: { label: "Booking requested", category: "bookings", email: true, inApp: true },
  booking_confirmed: { label: "Booking confirmed", category: "bookings", email: true, inApp: true },
  booking_declined: { label: "Booking declined", category: "bookings", email: true, inApp: true },
  booking_expired: { label: "Booking request expired", category: "bookings", email: true, inApp: true },
  booking_cancelled: { label: "Lesson cancelled", category: "bookings", email: true, inApp: true },
  reschedule_proposed: { label: "New time proposed", category: "bookings", email: true, inApp: true },
  reschedule_accepted: { label: "New time accepted", category: "bookings", email: true, inApp: true },
  // Reminders are email only: an in-app row would show days before its time.
  reminder_24h: { label: "Lesson tomorrow", category: "reminders", email: true, inApp: false },
  reminder_15m: { label: "Lesson in 15 minutes", category: "reminders", email: true, inApp: false },
  session_joined: { label: "Joined the lesson", category: "lessons", email: false, inApp: true },
  rating_requested: { label: "Rate your lesson", category: "lessons", email: true, inApp: true },
  no_show_marked: { label: "Marked as no-show", category: "payments", email: true, inApp: true },
  charge_receipt: { label: "Receipt", category: "payments", email: true, inApp: true },
  payment_action_required: { label: "Payment needs your action", category: "payments", email: true, inApp: true },
  refund_sent: { label: "Refund sent", category: "payments", email: true, inApp: true },
  refund_failed: { label: "Refund delayed", category: "payments", email: true, inApp: true },
  payment_due: { label: "Payment due", category: "payments", email: true, inApp: true },
  refund_due: { label: "Refund due to you", category: "payments", email: true, inApp: true },
  payout_released: { label: "Payout released", category: "payments", email: true, inApp: true },
  dispute_opened: { label: "Dispute opened", category: "disputes", email: true, inApp: true },
  dispute_answered: { label: "Dispute answered", category: "disputes", email: true, inApp: true },
  dispute_resolved: { label: "Dispute resolved", category: "disputes", email: true, inApp: true },
} as const satisfies Record<string, TKindSpec>;

export type TNotificationKind = keyof typeof NOTIFICATION_KINDS;
export const NOTIFICATION_KIND_NAMES = Object.keys(NOTIFICATION_KINDS) as TNotificationKind[];

/** Reminders are checked against their lesson at delivery (still SCHEDULED, same start). */
export const REMINDER_KINDS = ["reminder_24h", "reminder_15m"] as const satisfies readonly TNotificationKind[];

export type TNotificationSubjectType = "booking" | "session" | "dispute";
