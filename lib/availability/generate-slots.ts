import { DEFAULT_HORIZON_DAYS, DAY_MS } from "./constants";
import { createBlockedTime, type TBlockedTime } from "./busy-intervals";
import { listLocalDays, type TLocalDay } from "./local-days";
import { minutesToMs } from "./local-time";
import { readSchedule, type TWallRange } from "./read-schedule";
import type { TGenerateSlotsOptions, TSlot, TSlotSettings } from "./types";
import { resolveWallTime } from "./wall-time";
import { assertKnownTimeZone } from "./zone-clock";

/**
 * The one slots engine (issue 9): a tutor's open lesson slots, pure (no I/O, no clock: `now` is passed in).
 *
 * A slot [startAt, startAt + duration) is offered when all of these hold:
 * - It lies inside ONE merged range of its local day in the tutor's zone: the day's override if that date
 *   has one, else that weekday's rules. Overlapping and adjacent ranges are merged first; a range ending
 *   at 24:00 runs to the next date's first instant; a slot never crosses out of its range (so never across
 *   local midnight).
 * - Its start is the range's start plus a whole number of steps, counted in local wall-clock time. A start
 *   whose wall time doesn't exist (the clocks jump forward over it) is skipped; one the clocks show twice
 *   (they fall back) is offered once, at its first occurrence.
 * - Buffers: [startAt − before, endAt + after] does not overlap any busy interval widened by its own
 *   buffers (lib/availability/busy-intervals.ts). Touching is fine: spans are half-open.
 * - Minimum notice and horizon, on elapsed time:
 *     now + minimumNoticeMinutes ≤ startAt < now + horizonDays × 24 h
 *   (a slot starting before the horizon may end after it).
 *
 * Returns slots sorted by start, without repeats. Throws a RangeError on malformed input (unknown zone,
 * "25:00", a range ending before it starts, a bad setting): validate with normalizeWeeklyRanges and the
 * route's schema before storing, and this never happens.
 *
 * Cost: one zone read per local day plus a few per call; ranges are stepped in milliseconds. Only a day
 * with an offset change is searched for its change instants (zone-clock.ts).
 */
export function generateSlots(options: TGenerateSlotsOptions): TSlot[] {
  const { settings, now, timeZone } = options;
  assertKnownTimeZone(timeZone);
  const nowMs = now.getTime();
  if (Number.isNaN(nowMs)) throw new RangeError("now must be a valid date");
  const horizonDays = checkSettings(settings);

  const earliestMs = nowMs + minutesToMs(settings.minimumNoticeMinutes);
  const latestMs = nowMs + horizonDays * DAY_MS;
  const schedule = readSchedule(options.weeklyRules, options.overrides ?? []);
  const blocked = createBlockedTime(options.busy, settings);
  const window = {
    earliestMs,
    latestMs,
    durationMs: minutesToMs(settings.durationMinutes),
    stepMs: minutesToMs(settings.stepMinutes),
  };

  const slots: TSlot[] = [];
  if (earliestMs >= latestMs) return slots;
  for (const day of listLocalDays(timeZone, earliestMs, latestMs)) {
    for (const range of schedule.rangesFor(day.dayNumber, day.weekday)) {
      collectRangeSlots(day, range, window, blocked, slots);
    }
  }
  return slots;
}

type TWindow = { earliestMs: number; latestMs: number; durationMs: number; stepMs: number };

function collectRangeSlots(day: TLocalDay, range: TWallRange, window: TWindow, blocked: TBlockedTime, slots: TSlot[]): void {
  const rangeEndMs = resolveWallTime(day, range.endWallMs).ms;
  for (let wallMs = range.startWallMs; wallMs < range.endWallMs; wallMs += window.stepMs) {
    const start = resolveWallTime(day, wallMs);
    if (!start.exists) continue;
    const endMs = start.ms + window.durationMs;
    // Later starts only end later and start later: nothing more in this range can qualify.
    if (endMs > rangeEndMs || start.ms >= window.latestMs) return;
    if (start.ms < window.earliestMs || blocked.isBlocked(start.ms, endMs)) continue;
    slots.push({ startAt: new Date(start.ms), endAt: new Date(endMs) });
  }
}

function checkSettings(settings: TSlotSettings): number {
  const horizonDays = settings.horizonDays ?? DEFAULT_HORIZON_DAYS;
  const wholeMinutes: [string, number, number][] = [
    ["durationMinutes", settings.durationMinutes, 1],
    ["stepMinutes", settings.stepMinutes, 1],
    ["minimumNoticeMinutes", settings.minimumNoticeMinutes, 0],
    ["horizonDays", horizonDays, 0],
    ["bufferBeforeMinutes", settings.bufferBeforeMinutes, 0],
    ["bufferAfterMinutes", settings.bufferAfterMinutes, 0],
  ];
  for (const [name, value, minimum] of wholeMinutes) {
    if (!Number.isInteger(value) || value < minimum) {
      throw new RangeError(`settings.${name} must be a whole number ≥ ${minimum}, got ${String(value)}`);
    }
  }
  return horizonDays;
}
