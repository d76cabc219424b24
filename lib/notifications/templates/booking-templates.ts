import type { TNotificationDataMap } from "../notification-data";
import {
  bookingPath,
  capitalize,
  lessonName,
  lessonTime,
  when,
  whose,
  type TTemplateContent,
  type TTemplateContext,
} from "./template-context";

type T<K extends keyof TNotificationDataMap> = (data: TNotificationDataMap[K], context: TTemplateContext) => TTemplateContent;

export const bookingRequested: T<"booking_requested"> = (d, c) => ({
  title: `New booking request: ${lessonName(d, c.role)}`,
  lines: [`${d.student_name} asked for a lesson on ${lessonTime(d, c.timeZone)}.`, "Confirm or decline it before it expires."],
  path: bookingPath(d, c.role),
  action: "Review the request",
});

export const bookingConfirmed: T<"booking_confirmed"> = (d, c) => ({
  title: `Booking confirmed: ${lessonName(d, c.role)}`,
  lines: [
    `${d.tutor_name} confirmed ${whose(d, c.role)} lesson on ${lessonTime(d, c.timeZone)}.`,
    "The join button opens 5 minutes before the start.",
  ],
  path: bookingPath(d, c.role),
  action: "See the lesson",
});

export const bookingDeclined: T<"booking_declined"> = (d, c) => ({
  title: `Booking declined: ${lessonName(d, c.role)}`,
  lines: [
    `${d.tutor_name} declined ${whose(d, c.role)} request for ${lessonTime(d, c.timeZone)}.`,
    ...(d.reason ? [`Their reason: “${d.reason}”`] : []),
    "You can request another time.",
  ],
  path: bookingPath(d, c.role),
  action: "See the request",
});

export const bookingExpired: T<"booking_expired"> = (d, c) => ({
  title: `Request expired: ${lessonName(d, c.role)}`,
  lines: [`${capitalize(whose(d, c.role))} request for ${lessonTime(d, c.timeZone)} expired before the tutor answered.`],
  path: bookingPath(d, c.role),
  action: "See the request",
});

export const bookingCancelled: T<"booking_cancelled"> = (d, c) => ({
  title: `Lesson cancelled: ${lessonName(d, c.role)}`,
  lines: [`${d.cancelled_by_name} cancelled the lesson on ${lessonTime(d, c.timeZone)}.`, ...(d.reason ? [`Reason: “${d.reason}”`] : [])],
  path: bookingPath(d, c.role),
  action: "See the lesson",
});

export const rescheduleProposed: T<"reschedule_proposed"> = (d, c) => ({
  title: `New time proposed: ${lessonName(d, c.role)}`,
  lines: [
    `${d.proposed_by_name} proposed moving the lesson on ${when(d.start_at, c.timeZone)} to ${when(d.proposed_start_at, c.timeZone)}.`,
    "Accept or keep the current time.",
  ],
  path: bookingPath(d, c.role),
  action: "Answer the proposal",
});

export const rescheduleAccepted: T<"reschedule_accepted"> = (d, c) => ({
  title: `New time accepted: ${lessonName(d, c.role)}`,
  lines: [`The lesson moved from ${when(d.previous_start_at, c.timeZone)} to ${lessonTime(d, c.timeZone)}.`],
  path: bookingPath(d, c.role),
  action: "See the lesson",
});
