import { DAY_MS, MINUTE_MS } from "./constants";

/**
 * Parsing of the engine's wall-clock strings. Pure calendar and clock arithmetic: nothing here knows about
 * time zones (that is zone-clock.ts).
 */

const TIME_PATTERN = /^(\d{2}):(\d{2})$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "HH:MM" → minutes after local midnight (0–1439, or 1440 for "24:00"); null when malformed. */
export function parseLocalTime(value: string): number | null {
  const match = TIME_PATTERN.exec(value);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours === 24 && minutes === 0) return 24 * 60;
  if (hours > 23 || minutes > 59) return null;
  return hours * 60 + minutes;
}

/** Minutes after local midnight → "HH:MM" (1440 → "24:00"). */
export function formatLocalTime(minuteOfDay: number): string {
  const hours = Math.floor(minuteOfDay / 60);
  const minutes = minuteOfDay % 60;
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}

/**
 * A calendar date as a whole number of days since 1970-01-01 (a "day number"), so dates compare and step
 * as integers. Calendar-only: it names a date, not an instant.
 */
export function toDayNumber(year: number, monthIndex: number, day: number): number {
  return Date.UTC(year, monthIndex, day) / DAY_MS;
}

/** "YYYY-MM-DD" → day number; null when malformed or not a real date (2026-02-30). */
export function parseLocalDate(value: string): number | null {
  const match = DATE_PATTERN.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const monthIndex = Number(match[2]) - 1;
  const day = Number(match[3]);
  const calendarDate = new Date(Date.UTC(year, monthIndex, day));
  const isRealDate =
    calendarDate.getUTCFullYear() === year && calendarDate.getUTCMonth() === monthIndex && calendarDate.getUTCDate() === day;
  return isRealDate ? toDayNumber(year, monthIndex, day) : null;
}

/** The weekday (0 = Sunday) of a day number. */
export function weekdayOfDayNumber(dayNumber: number): number {
  return new Date(dayNumber * DAY_MS).getUTCDay();
}

/** Day number → { year, monthIndex, day } of that calendar date. */
export function calendarDateOf(dayNumber: number): { year: number; monthIndex: number; day: number } {
  const calendarDate = new Date(dayNumber * DAY_MS);
  return { year: calendarDate.getUTCFullYear(), monthIndex: calendarDate.getUTCMonth(), day: calendarDate.getUTCDate() };
}

export function minutesToMs(minutes: number): number {
  return minutes * MINUTE_MS;
}
