import { ACTOR_ROLE_LABELS, isSessionEventType, SESSION_EVENT_LABELS } from "@/lib/sessions/shared";

/**
 * Audit-trail wording. Every event the app writes has its sentence in
 * lib/sessions/session-events.ts (the one list); a type it does not know (a row
 * from an older release) still reads sensibly: "refund.issued_by_admin" → "Refund: issued by admin".
 */
export function describeSessionEvent(type: string): string {
  if (isSessionEventType(type)) return SESSION_EVENT_LABELS[type];
  const [scope, ...rest] = type.split(".");
  const words = (value: string) => value.replaceAll("_", " ").trim();
  if (rest.length === 0 || !scope) return capitalize(words(type));
  return `${capitalize(words(scope))}: ${words(rest.join(" "))}`;
}

/** "Tara Tutor (tutor)", or the role alone when the name is not visible to this viewer. */
export function describeActor(actorRole: string, actorName: string | null): string {
  const role = Object.hasOwn(ACTOR_ROLE_LABELS, actorRole)
    ? ACTOR_ROLE_LABELS[actorRole as keyof typeof ACTOR_ROLE_LABELS]
    : capitalize(actorRole);
  if (actorRole === "system" || actorRole === "provider") return role;
  return actorName ? `${actorName} (${role.toLowerCase()})` : role;
}

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
