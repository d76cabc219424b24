/**
 * Audit-trail wording. Known event types read as sentences; a type this map
 * does not know yet still reads sensibly ("meeting.participant_joined" →
 * "Meeting: participant joined"), so a new backend event never shows raw.
 */
const EVENT_LABELS: Record<string, string> = {
  "booking.requested": "Booking requested",
  "booking.confirmed": "Booking confirmed",
  "booking.declined": "Booking declined",
  "booking.cancelled": "Booking cancelled",
  "session.created": "Session created with a meeting link",
  "session.joined": "Joined the session",
  "session.student_joined": "Student joined",
  "session.tutor_joined": "Tutor joined",
  "session.parent_joined": "Parent joined",
  "session.no_show_marked": "Marked as a student no-show",
  "session.charged": "Charged at the scheduled end",
  "session.completed": "Completed and charged",
  "session.early_end_short": "Ended early, under the minimum: waiting for review",
  "session.early_end": "Ended early, under the minimum: waiting for review",
  "session.cancelled": "Session cancelled",
  "session.resolved": "Resolved by an admin",
  "payout.released": "Payout released",
  "session.payout_released": "Payout released",
  "meeting.started": "Meeting started",
  "meeting.ended": "Meeting ended",
  "meeting.participant_joined": "Participant joined the meeting",
  "meeting.participant_left": "Participant left the meeting",
};

export function describeSessionEvent(type: string): string {
  const known = EVENT_LABELS[type];
  if (known) return known;
  const [scope, ...rest] = type.split(".");
  const words = (value: string) => value.replaceAll("_", " ").trim();
  if (rest.length === 0 || !scope) return capitalize(words(type));
  return `${capitalize(words(scope))}: ${words(rest.join(" "))}`;
}

const ACTOR_ROLES: Record<string, string> = {
  student: "Student",
  tutor: "Tutor",
  parent: "Parent",
  admin: "Admin",
  system: "System",
  provider: "Video provider",
};

/** "Tara Tutor (tutor)", or the role alone when the name is not visible to this viewer. */
export function describeActor(actorRole: string, actorName: string | null): string {
  const role = ACTOR_ROLES[actorRole] ?? capitalize(actorRole);
  if (actorRole === "system" || actorRole === "provider") return role;
  return actorName ? `${actorName} (${role.toLowerCase()})` : role;
}

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
