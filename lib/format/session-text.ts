import type { TRole } from "@/lib/auth/roles";
import { formatInTimeZone } from "./date-time";
import { formatBps } from "./percent";

/** Who the session is with, from the viewer's side. Names hidden by RLS read as a role. */
export function describeParticipants(role: TRole, names: { tutorName: string | null; studentName: string | null }): string {
  const tutor = names.tutorName ?? "the tutor";
  switch (role) {
    case "student":
      return `with ${names.tutorName ?? "your tutor"}`;
    case "tutor":
      return `with ${names.studentName ?? "your student"}`;
    case "parent":
    case "admin":
      return `${names.studentName ?? "Student"} with ${tutor}`;
  }
}

/**
 * The no-show rule in the words of the person who would pay (README "Session
 * rules"): students and their parents; the tutor has the button instead.
 */
export function noShowNote(
  role: TRole,
  session: { noShowAvailableAt: Date; noShowChargeBps: number; studentName: string | null },
  timeZone: string,
): string | undefined {
  const by = formatInTimeZone(session.noShowAvailableAt, timeZone, "time");
  const percent = formatBps(session.noShowChargeBps);
  if (role === "student") return `If you haven't joined by ${by}, your tutor may mark a no-show and you'll be charged ${percent}.`;
  if (role === "parent") {
    const child = session.studentName ?? "your child";
    return `If ${child} hasn't joined by ${by}, the tutor may mark a no-show and ${percent} of the price will be charged.`;
  }
  return undefined;
}

/** Where a role reads one booking and its session; admins have no detail page yet. */
export function bookingHref(role: TRole, bookingId: string): string | null {
  return role === "admin" ? null : `/${role}/bookings/${encodeURIComponent(bookingId)}`;
}
