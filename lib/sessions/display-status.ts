import { isJoinWindowOpen } from "./rules";

export const STORED_SESSION_STATUSES = [
  "SCHEDULED",
  "NO_SHOW_STUDENT",
  "NO_SHOW_TUTOR",
  "COMPLETED_ASSUMED",
  "EARLY_END_SHORT",
  "CANCELLED",
  "CANCELLED_LATE",
] as const;
export type TStoredSessionStatus = (typeof STORED_SESSION_STATUSES)[number];
export type TDisplaySessionStatus = TStoredSessionStatus | "JOIN_OPEN" | "AWAITING_CHARGE";

/**
 * The one function that decides the status a person sees. JOIN_OPEN is derived
 * from time (T−5 until the end), never stored, so no page shows a stale status.
 * A scheduled session past its end is AWAITING_CHARGE until the job takes it.
 */
export function displaySessionStatus(
  session: { status: TStoredSessionStatus; scheduledStartAt: Date; scheduledEndAt: Date },
  now: Date,
): TDisplaySessionStatus {
  if (session.status !== "SCHEDULED") return session.status;
  if (isJoinWindowOpen(session, now)) return "JOIN_OPEN";
  if (now >= session.scheduledEndAt) return "AWAITING_CHARGE";
  return "SCHEDULED";
}
