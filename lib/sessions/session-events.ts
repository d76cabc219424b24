/**
 * Every event the sessions audit trail records (`public.session_events.type`), each with the
 * sentence the trail shows for it. Adding an event means adding it here; the writer
 * (record-session-event.ts) accepts nothing else. Safe to import in client components.
 */
export const SESSION_EVENT_LABELS = {
  "session.created": "Session created with a meeting link",
  "session.joined": "Joined through the app",
  "session.no_show_marked": "Marked as a student no-show",
  "session.charged": "Charged at the scheduled end",
  "session.early_end_short": "Ended early, under the minimum: waiting for review",
  "session.charged_attendance_unknown": "Settled without the provider's attendance: it could not be read within the grace",
  "session.cancelled": "Session cancelled",
  "session.meeting_deleted": "Provider meeting deleted after the cancellation",
  "session.reschedule_proposed": "A new time was proposed",
  "session.reschedule_declined": "The proposed new time was declined",
  "session.reschedule_withdrawn": "The proposed new time was withdrawn",
  "session.reschedule_expired": "The proposed new time expired unanswered",
  "session.rescheduled": "Moved to a new time",
  "payout.released": "Payout released",
  "dispute.opened": "A problem was reported: the payout is held until it is resolved",
  "dispute.accepted": "Tutor no-show confirmed by the attendance record: refunded in full",
  "dispute.responded": "The tutor answered the report",
  "dispute.resolved": "An admin decided the report",
  "session.refunded": "Refunded",
  "session.early_end_resolved": "An admin resolved the early end",
  "payment.retry_decided": "An admin retried the failed payment",
  "payment.written_off": "An admin wrote off the failed payment",
  "payment.refund_failed": "The card issuer returned a refund: it waits for an admin",
  "rating.submitted": "The lesson was rated",
  "rating.edited": "The rating was changed",
  "rating.replied": "The tutor replied to the rating",
  "payment.settled_outside": "An admin recorded the payment as settled outside the payment provider",
  "google_meet.attendance_synced": "Google Meet attendance read",
  "zoom.meeting.started": "Zoom meeting started",
  "zoom.meeting.ended": "Zoom meeting ended",
  "zoom.meeting.participant_joined": "Participant joined the Zoom meeting",
  "zoom.meeting.participant_left": "Participant left the Zoom meeting",
} as const satisfies Record<string, string>;

export type TSessionEventType = keyof typeof SESSION_EVENT_LABELS;

export const SESSION_EVENT_TYPES = Object.keys(SESSION_EVENT_LABELS) as TSessionEventType[];

/** Who caused an event: a person in a role, the app itself (jobs), or a video provider. */
export const ACTOR_ROLE_LABELS = {
  student: "Student",
  tutor: "Tutor",
  parent: "Parent",
  admin: "Admin",
  system: "System",
  provider: "Video provider",
} as const;
export type TActorRole = keyof typeof ACTOR_ROLE_LABELS;

export function isSessionEventType(type: string): type is TSessionEventType {
  return Object.hasOwn(SESSION_EVENT_LABELS, type);
}
