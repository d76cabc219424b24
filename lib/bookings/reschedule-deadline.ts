/**
 * When a reschedule proposal lapses (README "Rescheduling"), like a pending request: 24 hours after it
 * was made or the new slot's minimum-notice cut-off, whichever is first — and never after the session's
 * current start, since a lesson that has begun can no longer be moved. Pure; client-safe.
 */
export const RESCHEDULE_PROPOSAL_TTL_HOURS = 24;

const MINUTE_MS = 60_000;

export function rescheduleProposalExpiresAt(options: {
  now: Date;
  newStartAt: Date;
  currentStartAt: Date;
  minimumNoticeMinutes: number;
}): Date {
  const ttlEnd = options.now.getTime() + RESCHEDULE_PROPOSAL_TTL_HOURS * 60 * MINUTE_MS;
  const noticeCutOff = options.newStartAt.getTime() - options.minimumNoticeMinutes * MINUTE_MS;
  return new Date(Math.min(ttlEnd, noticeCutOff, options.currentStartAt.getTime()));
}
