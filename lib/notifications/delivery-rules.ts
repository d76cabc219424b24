/** The delivery job's rules (README "Notifications"), named once. */

/** Attempts before a row is dead (visible on the admin page). */
export const MAX_DELIVERY_ATTEMPTS = 6;
/** How long a claimed row is the claimer's; past it (a crash), another tick sends it again. */
export const DELIVERY_LEASE_MS = 2 * 60_000;
/** Backoff after the n-th failed attempt: 1, 2, 4, 8, 16 … minutes, at most 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1) * 60_000, 6 * 60 * 60_000);
}
