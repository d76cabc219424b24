import { TZDate, tzOffset } from "@date-fns/tz";
import { calendarDateOf, toDayNumber } from "./local-time";

/**
 * Every question the engine asks about a time zone goes through here and is answered by @date-fns/tz.
 * Nothing in this folder adds a UTC offset to anything: an instant's wall clock is read from the library,
 * and a local date's first instant is taken from the library and checked by reading it back.
 */

/** The wall clock an instant shows in a zone: its local date (day number) and time of day in ms. */
export type TLocalClock = { dayNumber: number; msOfDay: number };

/** Zone offsets lie within UTC−12…UTC+14, so a date's first instant is within this bracket around its UTC midnight. */
const MS_BEFORE_UTC_MIDNIGHT = 15 * 3_600_000;
const MS_AFTER_UTC_MIDNIGHT = 13 * 3_600_000;
/** More offset changes than this in one local day would be a corrupt zone database, not a real zone. */
const MAX_CHANGES_PER_DAY = 4;

/** Throws a RangeError for a zone neither Intl nor the library knows. */
export function assertKnownTimeZone(timeZone: string): void {
  if (typeof timeZone !== "string" || timeZone === "" || Number.isNaN(tzOffset(timeZone, new Date(0)))) {
    throw new RangeError(`Unknown time zone "${String(timeZone)}": expected an IANA name such as "Europe/London".`);
  }
}

export function readLocalClock(timeZone: string, ms: number): TLocalClock {
  const local = new TZDate(ms, timeZone);
  const msOfDay = ((local.getHours() * 60 + local.getMinutes()) * 60 + local.getSeconds()) * 1000 + local.getMilliseconds();
  return { dayNumber: toDayNumber(local.getFullYear(), local.getMonth(), local.getDate()), msOfDay };
}

/**
 * The first instant whose local date is `dayNumber` (or later), and the wall time it shows: 00:00 on most
 * days, 01:00 where the clocks jump over midnight. The library's answer for local midnight is accepted only
 * when reading it back shows that date and the millisecond before shows an earlier one (its choice between
 * two occurrences depends on the host's zone); otherwise the instant is found by bisection.
 */
export function startOfLocalDate(timeZone: string, dayNumber: number): { ms: number; wallMsOfDay: number } {
  const { year, monthIndex, day } = calendarDateOf(dayNumber);
  const guess = +new TZDate(year, monthIndex, day, timeZone);
  const atGuess = readLocalClock(timeZone, guess);
  if (atGuess.dayNumber === dayNumber && readLocalClock(timeZone, guess - 1).dayNumber < dayNumber) {
    return { ms: guess, wallMsOfDay: atGuess.msOfDay };
  }
  const utcMidnight = Date.UTC(year, monthIndex, day);
  const ms = firstInstantWhere(
    utcMidnight - MS_BEFORE_UTC_MIDNIGHT,
    utcMidnight + MS_AFTER_UTC_MIDNIGHT,
    (instant) => readLocalClock(timeZone, instant).dayNumber >= dayNumber,
  );
  return { ms, wallMsOfDay: readLocalClock(timeZone, ms).msOfDay };
}

/** Instants in (fromMs, toMs) where the zone's offset changes, in order (each the first instant of the new offset). */
export function findOffsetChanges(timeZone: string, fromMs: number, toMs: number): number[] {
  const changes: number[] = [];
  const lastOffset = tzOffset(timeZone, new Date(toMs - 1));
  let segmentStart = fromMs;
  let offset = tzOffset(timeZone, new Date(segmentStart));
  while (offset !== lastOffset && changes.length < MAX_CHANGES_PER_DAY) {
    const current = offset;
    const change = firstInstantWhere(segmentStart, toMs - 1, (instant) => tzOffset(timeZone, new Date(instant)) !== current);
    changes.push(change);
    segmentStart = change;
    offset = tzOffset(timeZone, new Date(change));
  }
  return changes;
}

/** Smallest instant in (lowMs, highMs] where `test` holds, given it fails at lowMs and holds at highMs. */
function firstInstantWhere(lowMs: number, highMs: number, test: (ms: number) => boolean): number {
  let low = lowMs;
  let high = highMs;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (test(middle)) high = middle;
    else low = middle;
  }
  return high;
}
