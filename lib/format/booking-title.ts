import type { TRole } from "@/lib/auth/roles";
import { resolveTimeZone } from "./date-time";

const LOCALE = "en-TT";

/** "Tue 1 Dec" in the viewer's zone: short enough for a browser tab. */
export function formatShortDay(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat(LOCALE, {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone: resolveTimeZone(timeZone),
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("weekday")} ${part("day")} ${part("month")}`;
}

/**
 * A booking or session page's title, from the viewer's side:
 * "Mathematics with Tara Tutor · Tue 1 Dec" (student), "… with Sam Student · …" (tutor),
 * "Mathematics: Sam Student with Tara Tutor · …" (parent, admin).
 */
export function bookingTitle(
  role: TRole,
  booking: { subjectName: string; tutorName: string | null; studentName: string | null; startAt: Date },
  timeZone: string,
): string {
  const day = formatShortDay(booking.startAt, timeZone);
  const tutor = booking.tutorName ?? "your tutor";
  const student = booking.studentName ?? "your student";
  switch (role) {
    case "student":
      return `${booking.subjectName} with ${tutor} · ${day}`;
    case "tutor":
      return `${booking.subjectName} with ${student} · ${day}`;
    case "parent":
    case "admin":
      return `${booking.subjectName}: ${booking.studentName ?? "Student"} with ${booking.tutorName ?? "the tutor"} · ${day}`;
  }
}
