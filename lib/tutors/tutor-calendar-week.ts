/**
 * The tutor's calendar week (pure): Monday to Sunday on the wall calendar of the tutor's zone, each day's
 * instants and its open ranges (weekly rules, or that date's override), with the tutor's sessions and
 * pending requests placed on the day they start. Week and day boundaries come from the slots engine's zone
 * clock (@date-fns/tz), so a DST week is 167 or 169 hours long and a range ending at 24:00 ends at the next
 * local midnight. Client-safe; lib/tutors/get-tutor-calendar-week.ts reads the data.
 */

import { listLocalDays } from "@/lib/availability/local-days";
import { calendarDateOf, formatLocalTime, parseLocalDate, weekdayOfDayNumber } from "@/lib/availability/local-time";
import { readSchedule } from "@/lib/availability/read-schedule";
import type { TDateOverride, TLocalDate, TWeekday, TWeeklyRule } from "@/lib/availability/types";
import { resolveWallTime } from "@/lib/availability/wall-time";
import { readLocalClock, startOfLocalDate } from "@/lib/availability/zone-clock";

export type TCalendarItem = {
  /** A confirmed session, a pending request, or a proposed new time of a session (reschedule, pending). */
  kind: "session" | "request" | "proposal";
  bookingId: string;
  startAt: Date;
  endAt: Date;
  subjectName: string;
  studentName: string | null;
};

export type TCalendarRange = { startAt: Date; endAt: Date; start: string; end: string };

export type TCalendarDay = {
  date: TLocalDate;
  weekday: TWeekday;
  startAt: Date;
  endAt: Date;
  /** "day_off": an override takes the whole date off; "hours": an override replaces the weekday's hours. */
  override: "none" | "day_off" | "hours";
  availability: TCalendarRange[];
  items: TCalendarItem[];
};

export type TTutorCalendarWeek = {
  timeZone: string;
  weekStart: TLocalDate;
  previousWeek: TLocalDate;
  nextWeek: TLocalDate;
  startAt: Date;
  endAt: Date;
  /** Elapsed hours in the week: 168, or 167 / 169 in a week with a DST change. */
  hours: number;
  days: TCalendarDay[];
};

/** The Monday (as "YYYY-MM-DD") of the week holding `date`; null when `date` is not a date. */
export function mondayOf(date: string): TLocalDate | null {
  const dayNumber = parseLocalDate(date);
  if (dayNumber === null) return null;
  return formatDayNumber(dayNumber - ((weekdayOfDayNumber(dayNumber) + 6) % 7));
}

export function buildTutorCalendarWeek(options: {
  timeZone: string;
  /** Any date of the week, on the tutor's calendar; its Monday starts the week. */
  weekOf: TLocalDate;
  weeklyRules: readonly TWeeklyRule[];
  overrides: readonly TDateOverride[];
  items: readonly TCalendarItem[];
}): TTutorCalendarWeek {
  const { timeZone } = options;
  const weekStart = mondayOf(options.weekOf);
  if (weekStart === null) throw new RangeError(`"${options.weekOf}" is not a YYYY-MM-DD date`);
  const monday = parseLocalDate(weekStart) ?? 0;
  const startMs = startOfLocalDate(timeZone, monday).ms;
  const endMs = startOfLocalDate(timeZone, monday + 7).ms;
  const schedule = readSchedule(options.weeklyRules, options.overrides);
  const overrideKinds = new Map(options.overrides.map((override) => [override.date, override.kind]));

  const days = listLocalDays(timeZone, startMs, endMs).map((day): TCalendarDay => {
    const date = formatDayNumber(day.dayNumber);
    const availability = schedule
      .rangesFor(day.dayNumber, day.weekday)
      .map((range) => ({ startAt: resolveWallTime(day, range.startWallMs).ms, endAt: resolveWallTime(day, range.endWallMs).ms, range }))
      .filter(({ startAt, endAt }) => startAt < endAt)
      .map(({ startAt, endAt, range }) => ({
        startAt: new Date(startAt),
        endAt: new Date(endAt),
        start: formatLocalTime(range.startWallMs / 60_000),
        end: formatLocalTime(range.endWallMs / 60_000),
      }));
    const kind = overrideKinds.get(date);
    const items = options.items
      .filter((item) => item.startAt.getTime() >= day.startMs && item.startAt.getTime() < day.endMs)
      .sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
    return {
      date,
      weekday: day.weekday,
      startAt: new Date(day.startMs),
      endAt: new Date(day.endMs),
      override: kind === undefined ? "none" : kind === "day_off" ? "day_off" : "hours",
      availability,
      items,
    };
  });

  return {
    timeZone,
    weekStart,
    previousWeek: formatDayNumber(monday - 7),
    nextWeek: formatDayNumber(monday + 7),
    startAt: new Date(startMs),
    endAt: new Date(endMs),
    hours: (endMs - startMs) / 3_600_000,
    days,
  };
}

/** Today's date in the zone, as the calendar's default week. */
export function todayIn(timeZone: string, now: Date): TLocalDate {
  return formatDayNumber(readLocalClock(timeZone, now.getTime()).dayNumber);
}

function formatDayNumber(dayNumber: number): TLocalDate {
  const { year, monthIndex, day } = calendarDateOf(dayNumber);
  return `${String(year).padStart(4, "0")}-${String(monthIndex + 1).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
