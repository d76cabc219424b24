/**
 * The cancellation policy's pure core (README "Cancellation policy"). Client-safe: no I/O, `now` passed in.
 * The hours and basis points come from the session (frozen at confirmation), never from today's settings.
 */
const HOUR_MS = 3_600_000;

/** The last instant a student or parent may cancel for free: exactly `freeCancelHours` before the start. */
export function freeCancellationEndsAt(startAt: Date, freeCancelHours: number): Date {
  return new Date(startAt.getTime() - freeCancelHours * HOUR_MS);
}

/** True while cancelling costs the student side nothing (at the boundary itself, still free). */
export function isFreeCancellationOpen(options: { startAt: Date; freeCancelHours: number; now: Date }): boolean {
  return options.now.getTime() <= freeCancellationEndsAt(options.startAt, options.freeCancelHours).getTime();
}
