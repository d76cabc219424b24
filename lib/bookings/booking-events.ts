/**
 * Every event the bookings audit trail records (`public.booking_events.type`), each with the
 * sentence the trail shows for it. Adding an event means adding it here; the writer
 * (record-booking-event.ts) accepts nothing else. Safe to import in client components.
 */
export const BOOKING_EVENT_LABELS = {
  "booking.requested": "Booking requested",
  "booking.confirmed": "Booking confirmed by the tutor",
  "booking.declined": "Booking declined by the tutor",
  "booking.withdrawn": "Booking request withdrawn",
  "booking.expired": "Booking request expired: the tutor did not answer in time",
  "booking.cancelled": "Booking cancelled",
  "booking.rescheduled": "Booking moved to a new time",
} as const satisfies Record<string, string>;

export type TBookingEventType = keyof typeof BOOKING_EVENT_LABELS;

export const BOOKING_EVENT_TYPES = Object.keys(BOOKING_EVENT_LABELS) as TBookingEventType[];

/** Who decided: a person in a role, or the app itself (a job, a demo seed). */
export type TBookingEventActor = { id: string; role: "student" | "tutor" | "parent" | "admin" } | { id?: null; role: "system" };

export function isBookingEventType(type: string): type is TBookingEventType {
  return Object.hasOwn(BOOKING_EVENT_LABELS, type);
}

export function describeBookingEvent(type: string): string {
  return isBookingEventType(type) ? BOOKING_EVENT_LABELS[type] : type;
}
