/**
 * The slots engine's public surface (pure, client-safe: no I/O, no secrets). Callers: the tutor profile's
 * open slots, the browse page's next free slot, the booking route's re-check and the editor's preview.
 */
export { generateSlots } from "./generate-slots";
export { normalizeWeeklyRanges, type TNormalizeWeeklyRangesResult, type TWeeklyRangeIssue } from "./normalize-weekly-ranges";
export {
  normalizeDayRanges,
  type TNormalizeDayRangesResult,
  type TOverlapPolicy,
  type TRangeIssue,
  type TRangeIssueCode,
} from "./normalize-day-ranges";
export {
  LESSON_LENGTHS,
  MAX_BUFFER_MINUTES,
  MAX_HORIZON_DAYS,
  MAX_MINIMUM_NOTICE_MINUTES,
  type TBookingSettings,
} from "./booking-settings";
export { DEFAULT_HORIZON_DAYS, SLOT_STEP_MINUTES, WEEKDAY_NAMES } from "./constants";
export type {
  TBusyInterval,
  TDateOverride,
  TGenerateSlotsOptions,
  TLocalDate,
  TLocalRange,
  TLocalTime,
  TSlot,
  TSlotSettings,
  TSlotStepMinutes,
  TWeekday,
  TWeeklyRule,
} from "./types";
