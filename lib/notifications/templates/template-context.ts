import type { TRole } from "@/lib/auth/roles";
import { DEFAULT_TIME_ZONE, formatDuration, formatInTimeZone, formatTimeZoneName } from "@/lib/format/date-time";
import { formatMoney } from "@/lib/format/money";
import type { TLessonFacts } from "../notification-data";

/** Who a message is for: their role decides the wording and the link, their zone every time shown. */
export type TTemplateContext = { role: TRole; timeZone: string; recipientName: string };

/** A template's words; ./render-email.ts turns them into text and HTML parts. */
export type TTemplateContent = {
  /** The email subject and the in-app title. */
  title: string;
  /** Paragraphs; the first is the in-app body. */
  lines: string[];
  /** The app's page this is about (a path, joined to APP_URL for email). */
  path: string;
  /** The link's label. */
  action: string;
};

/**
 * The recipient's zone as they chose it ("Asia/Kolkata" stays "Asia/Kolkata": Intl's resolved
 * name would be the legacy "Asia/Calcutta"), or the platform default for an unknown one.
 */
export function recipientTimeZone(stored: string | null | undefined): string {
  if (!stored) return DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat("en", { timeZone: stored });
    return stored;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

/** "Sat, 21 Nov 2026, 4:05 pm GMT-4 (America/Port_of_Spain)": the recipient's own time, zone named. */
export function when(iso: string, timeZone: string): string {
  const date = new Date(iso);
  return `${formatInTimeZone(date, timeZone)} ${formatTimeZoneName(date, timeZone)} (${timeZone})`;
}

export function money(amountCents: number, currency: string): string {
  return formatMoney(amountCents, currency);
}

/** The lesson as the recipient names it: "Mathematics with Tara Tutor" (student/parent), "… with Sam Student" (tutor). */
export function lessonName(facts: TLessonFacts, role: TRole): string {
  if (role === "tutor") return `${facts.subject_name} with ${facts.student_name}`;
  if (role === "admin") return `${facts.subject_name}: ${facts.student_name} with ${facts.tutor_name}`;
  return `${facts.subject_name} with ${facts.tutor_name}`;
}

/** "Sat, 21 Nov 2026, 4:05 pm GMT-4 (America/Port_of_Spain), 1 h". */
export function lessonTime(facts: TLessonFacts, timeZone: string): string {
  return `${when(facts.start_at, timeZone)}, ${formatDuration(facts.duration_minutes)}`;
}

/** The booking's detail page for the recipient's role (app/<role>/bookings/[bookingId]); admins go to /admin. */
export function bookingPath(facts: TLessonFacts, role: TRole): string {
  return role === "admin" ? "/admin" : `/${role}/bookings/${facts.booking_id}`;
}

/** "your" for the student, "Sam Student's" for a parent: a parent reads about their child's lesson. */
export function whose(facts: TLessonFacts, role: TRole): string {
  return role === "parent" ? `${facts.student_name}'s` : "your";
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
