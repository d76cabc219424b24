import { TZDate, tzOffset } from "@date-fns/tz";
import { expect, it } from "vitest";
import { generateSlots } from "./generate-slots";
import {
  below,
  createRandom,
  hashZone,
  randomDayRanges,
  randomSettings,
  toOverride,
  toWeeklyRules,
  type TMinuteRange,
  type TRandom,
} from "./test-random-plan";
import type { TBusyInterval, TDateOverride, TSlot, TSlotSettings } from "./types";

/**
 * For every zone Intl knows, one seeded random tutor over two years of 14-day windows: every slot lies in
 * its local range (read back with @date-fns/tz), on the step grid, clear of buffered busy time, after the
 * notice and before the horizon, sorted, never repeated (by instant or by wall time); and on a day
 * without an offset change the count is exactly floor((length − duration) / step) + 1 per range.
 * SLOTS_PROPERTY_SEED=n explores other tutors.
 */

const SEED = Number(process.env.SLOTS_PROPERTY_SEED ?? 20_261_201);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START_MS = Date.UTC(2026, 0, 1);
const WINDOWS = 53; // 53 × 14 days covers two years
const ZONES = Intl.supportedValuesOf("timeZone");

type TWindowCase = { nowMs: number; settings: TSlotSettings; busy: TBusyInterval[]; overrides: Map<number, TMinuteRange[]> };

it.each(ZONES)("%s", (timeZone) => {
  const random = createRandom(SEED ^ hashZone(timeZone));
  const settings = randomSettings(random);
  const weekly = Array.from({ length: 7 }, () => randomDayRanges(random, settings.durationMinutes));
  const isSteadyDay = steadyDays(timeZone, START_MS - 3 * DAY, START_MS + (WINDOWS * 14 + 3) * DAY);
  const problems: string[] = [];
  let countedDays = 0;
  for (let window = 0; window < WINDOWS && problems.length === 0; window += 1) {
    const windowCase = randomWindow(random, settings, START_MS + window * 14 * DAY + below(random, 12 * HOUR));
    const overrides: TDateOverride[] = [...windowCase.overrides].map(([dayNumber, ranges]) =>
      toOverride(new Date(dayNumber * DAY).toISOString().slice(0, 10), ranges.length === 0 && random() < 0.5 ? null : ranges),
    );
    const slots = generateSlots({
      weeklyRules: toWeeklyRules(weekly),
      overrides,
      timeZone,
      busy: windowCase.busy,
      settings,
      now: new Date(windowCase.nowMs),
    });
    const rangesOf = (dayNumber: number) => windowCase.overrides.get(dayNumber) ?? weekly[new Date(dayNumber * DAY).getUTCDay()] ?? [];
    const perDay = checkSlots(slots, timeZone, windowCase, rangesOf, problems);
    countedDays += checkCounts(perDay, windowCase, rangesOf, isSteadyDay, problems);
  }
  expect(problems.slice(0, 5), `seed ${SEED}, ${JSON.stringify({ settings, weekly })}`).toEqual([]);
  expect(countedDays).toBeGreaterThan(200);
});

function randomWindow(random: TRandom, settings: TSlotSettings, nowMs: number): TWindowCase {
  const overrides = new Map<number, TMinuteRange[]>();
  if (random() < 0.6) {
    const dayNumber = Math.floor(nowMs / DAY) + 1 + below(random, 12);
    overrides.set(dayNumber, random() < 0.4 ? [] : randomDayRanges(random, settings.durationMinutes));
  }
  const busy = Array.from({ length: below(random, 4) }, () => {
    const startMs = nowMs + below(random, 14 * 24 * 60) * 60_000;
    const interval: TBusyInterval = { startAt: new Date(startMs), endAt: new Date(startMs + (15 + below(random, 106)) * 60_000) };
    if (random() < 0.2) interval.bufferAfterMinutes = below(random, 45);
    return interval;
  });
  return { nowMs, settings, busy, overrides };
}

/** The local date and wall time (in ms after midnight) an instant shows, read back with @date-fns/tz. */
function readLocal(timeZone: string, ms: number): { dayNumber: number; wallMs: number } {
  const local = new TZDate(ms, timeZone);
  const wallMs = ((local.getHours() * 60 + local.getMinutes()) * 60 + local.getSeconds()) * 1000 + local.getMilliseconds();
  return { dayNumber: Date.UTC(local.getFullYear(), local.getMonth(), local.getDate()) / DAY, wallMs };
}

function checkSlots(
  slots: readonly TSlot[],
  timeZone: string,
  { nowMs, settings, busy }: TWindowCase,
  rangesOf: (dayNumber: number) => readonly TMinuteRange[],
  problems: string[],
): Map<number, number> {
  const perDay = new Map<number, number>();
  const seenWallTimes = new Set<string>();
  let previousStart = -Infinity;
  const fail = (slot: TSlot, why: string) => problems.push(`${slot.startAt.toISOString()}: ${why} (now ${new Date(nowMs).toISOString()})`);
  for (const slot of slots) {
    const start = slot.startAt.getTime();
    const end = slot.endAt.getTime();
    if (start <= previousStart) fail(slot, "not after the previous slot");
    previousStart = start;
    if (end - start !== settings.durationMinutes * 60_000) fail(slot, "wrong length");
    if (start < nowMs + settings.minimumNoticeMinutes * 60_000) fail(slot, "inside the notice");
    if (start >= nowMs + (settings.horizonDays ?? 14) * DAY) fail(slot, "beyond the horizon");
    for (const interval of busy) {
      const busyStart = interval.startAt.getTime() - (interval.bufferBeforeMinutes ?? settings.bufferBeforeMinutes) * 60_000;
      const busyEnd = interval.endAt.getTime() + (interval.bufferAfterMinutes ?? settings.bufferAfterMinutes) * 60_000;
      const isOverlapping =
        start - settings.bufferBeforeMinutes * 60_000 < busyEnd && end + settings.bufferAfterMinutes * 60_000 > busyStart;
      if (isOverlapping) fail(slot, "overlaps buffered busy time");
    }
    // The first and the last instant of the slot (its end is exclusive): a slot ending at a jump forward
    // reads 03:00 at its end, yet its last instant reads 01:59:59.999.
    const first = readLocal(timeZone, start);
    const last = readLocal(timeZone, end - 1);
    const startMinute = first.wallMs / 60_000;
    const isInRange = rangesOf(first.dayNumber).some(
      (range) =>
        range.start <= startMinute &&
        startMinute < range.end &&
        (startMinute - range.start) % settings.stepMinutes === 0 &&
        last.wallMs < range.end * 60_000,
    );
    if (last.dayNumber !== first.dayNumber || !isInRange) fail(slot, "outside the local ranges or off the step grid");
    const wallKey = `${first.dayNumber}@${first.wallMs}`;
    if (seenWallTimes.has(wallKey)) fail(slot, "a wall time offered twice");
    seenWallTimes.add(wallKey);
    perDay.set(first.dayNumber, (perDay.get(first.dayNumber) ?? 0) + 1);
  }
  return perDay;
}

/** Compares counts on steady days wholly inside the window and clear of busy time; returns how many it compared. */
function checkCounts(
  perDay: Map<number, number>,
  { nowMs, settings, busy }: TWindowCase,
  rangesOf: (dayNumber: number) => readonly TMinuteRange[],
  isSteadyDay: (dayNumber: number) => boolean,
  problems: string[],
): number {
  // A local date's instants lie within 14 h before to 12 h after its UTC date; 15 h either side is safe.
  const spanOf = (dayNumber: number) => ({ from: dayNumber * DAY - 15 * HOUR, to: (dayNumber + 1) * DAY + 15 * HOUR });
  const earliest = nowMs + settings.minimumNoticeMinutes * 60_000;
  const latest = nowMs + 14 * DAY;
  const reach = (settings.bufferBeforeMinutes + settings.bufferAfterMinutes + 60) * 60_000;
  let counted = 0;
  for (let dayNumber = Math.floor(nowMs / DAY) - 1; dayNumber <= Math.floor(latest / DAY) + 1; dayNumber += 1) {
    const span = spanOf(dayNumber);
    if (!isSteadyDay(dayNumber) || span.from < earliest || span.to > latest) continue;
    if (busy.some((interval) => interval.startAt.getTime() - reach < span.to && interval.endAt.getTime() + reach > span.from)) continue;
    const expected = rangesOf(dayNumber).reduce((sum, range) => {
      const length = range.end - range.start;
      return sum + (length >= settings.durationMinutes ? Math.floor((length - settings.durationMinutes) / settings.stepMinutes) + 1 : 0);
    }, 0);
    const actual = perDay.get(dayNumber) ?? 0;
    if (actual !== expected)
      problems.push(`day ${new Date(dayNumber * DAY).toISOString().slice(0, 10)}: ${actual} slots, expected ${expected}`);
    counted += 1;
  }
  return counted;
}

/** Days whose whole local span sees one offset, sampled every 6 h (no zone changes and changes back that fast). */
function steadyDays(timeZone: string, fromMs: number, toMs: number): (dayNumber: number) => boolean {
  const step = 6 * HOUR;
  const offsets: number[] = [];
  for (let ms = fromMs; ms <= toMs; ms += step) offsets.push(tzOffset(timeZone, new Date(ms)));
  return (dayNumber) => {
    const first = Math.floor((dayNumber * DAY - 16 * HOUR - fromMs) / step);
    const last = Math.ceil(((dayNumber + 1) * DAY + 16 * HOUR - fromMs) / step);
    for (let index = first; index <= last; index += 1) if (offsets[index] !== offsets[first]) return false;
    return first >= 0 && last < offsets.length;
  };
}
