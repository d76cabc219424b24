/**
 * A tutor's booking settings as the app uses them (table `tutor_booking_settings`). Client-safe.
 * Limits mirror the table's checks so the editor can refuse what the database would.
 */
import type { TSlotStepMinutes } from "./types";

export const LESSON_LENGTHS = [15, 30, 45, 60, 75, 90, 105, 120, 150, 180] as const;
export const MAX_BUFFER_MINUTES = 120;
export const MAX_MINIMUM_NOTICE_MINUTES = 14 * 24 * 60;
export const MAX_HORIZON_DAYS = 90;

export type TBookingSettings = {
  /** Sorted ascending, at least one, each from LESSON_LENGTHS. */
  lessonLengths: number[];
  stepMinutes: TSlotStepMinutes;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minimumNoticeMinutes: number;
  horizonDays: number;
  isInstantBooking: boolean;
};
