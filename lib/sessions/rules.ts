/**
 * Session rules (README "Session rules" table). Integer arithmetic
 * only: `d * 0.33` can land a hair under an integer and floor one minute short.
 */

/** The join window opens this many minutes before the scheduled start and closes at the scheduled end. */
export const JOIN_WINDOW_OPENS_MINUTES_BEFORE_START = 5;
/** No-show wait: floor(duration × 33 / 100) minutes after the start. */
export const NO_SHOW_WAIT_PERCENT = 33;
/** Minimum payable: floor(duration × 66 / 100) minutes of meeting. */
export const MIN_PAYABLE_PERCENT = 66;
export const MIN_DURATION_MINUTES = 1;
export const MAX_DURATION_MINUTES = 600;

const MINUTE_MS = 60_000;

export type TSessionRules = { noShowWaitMinutes: number; minPayableMinutes: number };

export function calculateSessionRules(durationMinutes: number): TSessionRules {
  if (!Number.isInteger(durationMinutes) || durationMinutes < MIN_DURATION_MINUTES || durationMinutes > MAX_DURATION_MINUTES) {
    throw new RangeError(
      `duration must be a whole number of minutes from ${MIN_DURATION_MINUTES} to ${MAX_DURATION_MINUTES}, got ${durationMinutes}`,
    );
  }
  return {
    noShowWaitMinutes: Math.floor((durationMinutes * NO_SHOW_WAIT_PERCENT) / 100),
    minPayableMinutes: Math.floor((durationMinutes * MIN_PAYABLE_PERCENT) / 100),
  };
}

export type TSessionTimes = {
  scheduledStartAt: Date;
  scheduledEndAt: Date;
  noShowWaitMinutes: number;
};

export function joinWindowOpensAt(session: Pick<TSessionTimes, "scheduledStartAt">): Date {
  return new Date(session.scheduledStartAt.getTime() - JOIN_WINDOW_OPENS_MINUTES_BEFORE_START * MINUTE_MS);
}

/** Open from T−5 (inclusive) until the scheduled end (exclusive). */
export function isJoinWindowOpen(session: Pick<TSessionTimes, "scheduledStartAt" | "scheduledEndAt">, now: Date): boolean {
  return now >= joinWindowOpensAt(session) && now < session.scheduledEndAt;
}

export function noShowAvailableAt(session: Pick<TSessionTimes, "scheduledStartAt" | "noShowWaitMinutes">): Date {
  return new Date(session.scheduledStartAt.getTime() + session.noShowWaitMinutes * MINUTE_MS);
}

/** From start + wait (inclusive) until the scheduled end (exclusive). */
export function isNoShowWindowOpen(session: TSessionTimes, now: Date): boolean {
  return now >= noShowAvailableAt(session) && now < session.scheduledEndAt;
}
