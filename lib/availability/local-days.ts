import { DAY_MS } from "./constants";
import { weekdayOfDayNumber } from "./local-time";
import type { TWeekday } from "./types";
import { findOffsetChanges, readLocalClock, startOfLocalDate } from "./zone-clock";

/**
 * A stretch of a local day with one UTC offset: instants [startMs, endMs) show the wall times
 * [wallStartMs, wallStartMs + (endMs − startMs)) of that day, so inside it wall time and elapsed time move
 * together. A day without an offset change is one segment starting at wall time 0.
 */
export type TDaySegment = { startMs: number; endMs: number; wallStartMs: number };

/** One local date in the tutor's zone: its instants [startMs, endMs) and their segments, in order. */
export type TLocalDay = {
  dayNumber: number;
  weekday: TWeekday;
  startMs: number;
  endMs: number;
  segments: readonly TDaySegment[];
};

/**
 * The tutor's local days that overlap the instants [fromMs, toMs), in order. Costs one library read per
 * ordinary day (is the instant 24 h after this day's start the next date's midnight?); only a day that fails
 * that check (an offset change) is split into segments by searching for its change instants.
 */
export function listLocalDays(timeZone: string, fromMs: number, toMs: number): TLocalDay[] {
  const days: TLocalDay[] = [];
  let dayNumber = readLocalClock(timeZone, fromMs).dayNumber;
  let start = startOfLocalDate(timeZone, dayNumber);
  while (start.ms < toMs) {
    const day = buildLocalDay(timeZone, dayNumber, start);
    days.push(day.day);
    dayNumber += 1;
    start = day.nextStart;
  }
  return days;
}

type TDayStart = { ms: number; wallMsOfDay: number };

function buildLocalDay(timeZone: string, dayNumber: number, start: TDayStart): { day: TLocalDay; nextStart: TDayStart } {
  const weekday = weekdayOfDayNumber(dayNumber) as TWeekday;
  if (start.wallMsOfDay === 0) {
    const dayLater = readLocalClock(timeZone, start.ms + DAY_MS);
    if (dayLater.dayNumber === dayNumber + 1 && dayLater.msOfDay === 0) {
      const endMs = start.ms + DAY_MS;
      const segments = [{ startMs: start.ms, endMs, wallStartMs: 0 }];
      return { day: { dayNumber, weekday, startMs: start.ms, endMs, segments }, nextStart: { ms: endMs, wallMsOfDay: 0 } };
    }
  }
  const nextStart = startOfLocalDate(timeZone, dayNumber + 1);
  const segments = splitIntoSegments(timeZone, dayNumber, start, nextStart.ms);
  return { day: { dayNumber, weekday, startMs: start.ms, endMs: nextStart.ms, segments }, nextStart };
}

function splitIntoSegments(timeZone: string, dayNumber: number, start: TDayStart, endMs: number): TDaySegment[] {
  const boundaries = [start.ms, ...findOffsetChanges(timeZone, start.ms, endMs), endMs];
  const segments: TDaySegment[] = [];
  for (let index = 0; index + 1 < boundaries.length; index += 1) {
    const startMs = boundaries[index] ?? 0;
    const clock = index === 0 ? { dayNumber, msOfDay: start.wallMsOfDay } : readLocalClock(timeZone, startMs);
    // A change can step the clock back across midnight; count such wall times from this day's midnight.
    const wallStartMs = (clock.dayNumber - dayNumber) * DAY_MS + clock.msOfDay;
    segments.push({ startMs, endMs: boundaries[index + 1] ?? endMs, wallStartMs });
  }
  return segments;
}
