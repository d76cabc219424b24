import type { TDateOverride, TLocalRange, TSlotSettings, TSlotStepMinutes, TWeeklyRule } from "./types";

/**
 * Seeded random tutors for the engine's property test (generate-slots.property.test.ts). Ranges are drawn
 * on a 15-minute grid with gaps between them, so no merging happens and the expected count of a day is
 * plain arithmetic over the drawn ranges.
 */

export type TRandom = () => number;
export type TMinuteRange = { start: number; end: number };

/** mulberry32: small, fast, and the same sequence on every machine. */
export function createRandom(seed: number): TRandom {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pickFrom = <T>(random: TRandom, values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
export const below = (random: TRandom, n: number) => Math.floor(random() * n);

export function hashZone(zone: string): number {
  let hash = 2166136261;
  for (let index = 0; index < zone.length; index += 1) hash = Math.imul(hash ^ zone.charCodeAt(index), 16777619);
  return hash >>> 0;
}

export const toLocalTime = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

export function randomSettings(random: TRandom): TSlotSettings {
  const stepMinutes = pickFrom<TSlotStepMinutes>(random, [15, 30, 60]);
  return {
    stepMinutes,
    durationMinutes: pickFrom(random, [stepMinutes, 2 * stepMinutes, 45, 90]),
    minimumNoticeMinutes: pickFrom(random, [0, 0, 60, 720, 1440, 2880]) + below(random, 60),
    horizonDays: 14,
    bufferBeforeMinutes: pickFrom(random, [0, 0, 5, 10, 15, 30]),
    bufferAfterMinutes: pickFrom(random, [0, 0, 5, 10, 15, 30]),
  };
}

/** One day's ranges: none, or one or two, each long enough for a few lessons; sometimes touching 00:00 or 24:00. */
export function randomDayRanges(random: TRandom, durationMinutes: number): TMinuteRange[] {
  const count = pickFrom(random, [0, 0, 1, 1, 1, 2]);
  const ranges: TMinuteRange[] = [];
  let cursor = random() < 0.15 ? 0 : below(random, 88) * 15;
  for (let index = 0; index < count && cursor < 1440; index += 1) {
    const length = Math.ceil(durationMinutes / 15) * 15 + below(random, 7) * 15;
    // Sometimes the range is the day's last and ends at 24:00 (kept as short as the others).
    const reachesMidnight = random() < 0.15;
    const earliestStart = index === 0 ? cursor : cursor + (1 + below(random, 8)) * 15;
    const start = reachesMidnight ? Math.max(earliestStart, 1440 - length) : earliestStart;
    if (start >= 1440) break;
    const end = reachesMidnight ? 1440 : Math.min(1440, start + length);
    ranges.push({ start, end });
    cursor = end;
  }
  return ranges;
}

export const toLocalRanges = (ranges: readonly TMinuteRange[]): TLocalRange[] =>
  ranges.map((range) => ({ start: toLocalTime(range.start), end: toLocalTime(range.end) }));

export function toWeeklyRules(byWeekday: readonly (readonly TMinuteRange[])[]): TWeeklyRule[] {
  return byWeekday.flatMap((ranges, weekday) => toLocalRanges(ranges).map((range) => ({ weekday: weekday as 0, ...range })));
}

export function toOverride(date: string, ranges: readonly TMinuteRange[] | null): TDateOverride {
  return ranges === null ? { date, kind: "day_off" } : { date, kind: "hours", ranges: toLocalRanges(ranges) };
}
