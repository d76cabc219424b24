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

/** What the no-show warning needs; ISO or Date instants, so a client component can tick it. */
export type TNoShowNoteInput = {
  noShowAvailableAt: Date | string;
  noShowChargeBps: number;
  studentName: string | null;
  hasStudentJoined: boolean;
};

/**
 * The no-show rule in the words of the person who would pay (README "Session
 * rules"): students and their parents; the tutor has the button instead.
 * Nothing once the student has joined (a no-show can't be marked any more), and
 * never a deadline in the past: after it, the note says the tutor may mark one now.
 */
export function noShowNote(role: TRole, session: TNoShowNoteInput, timeZone: string, now: Date | number): string | undefined {
  if (session.hasStudentJoined || (role !== "student" && role !== "parent")) return undefined;
  const availableAt = new Date(session.noShowAvailableAt);
  const isPast = new Date(now).getTime() >= availableAt.getTime();
  const by = formatInTimeZone(availableAt, timeZone, "time");
  const percent = formatBps(session.noShowChargeBps);
  if (role === "student") {
    return isPast
      ? `You haven't joined yet: your tutor may now mark a no-show and you'll be charged ${percent}.`
      : `If you haven't joined by ${by}, your tutor may mark a no-show and you'll be charged ${percent}.`;
  }
  const child = session.studentName ?? "your child";
  return isPast
    ? `${child} hasn't joined yet: the tutor may now mark a no-show and ${percent} of the price will be charged.`
    : `If ${child} hasn't joined by ${by}, the tutor may mark a no-show and ${percent} of the price will be charged.`;
}

/** Where a role reads one booking and its session; admins have no detail page yet. */
export function bookingHref(role: TRole, bookingId: string): string | null {
  return role === "admin" ? null : `/${role}/bookings/${encodeURIComponent(bookingId)}`;
}
