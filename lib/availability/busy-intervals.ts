import { minutesToMs } from "./local-time";
import type { TBusyInterval } from "./types";

/**
 * Busy time as the candidate slots see it. A slot [s, e) is open only if its buffered span
 * [s − before, e + after) misses every busy interval's buffered span [bs − its before, be + its after):
 * the same test a database exclusion constraint over buffered ranges makes, so two lessons always keep
 * both buffers between them. Moving the slot's own buffers onto the busy side gives one interval per busy
 * entry that the bare slot must not overlap: [bs − its before − after, be + its after + before).
 */
export type TBlockedTime = { isBlocked: (startMs: number, endMs: number) => boolean };

type TInterval = { startMs: number; endMs: number };

export function createBlockedTime(
  busy: readonly TBusyInterval[],
  buffers: { bufferBeforeMinutes: number; bufferAfterMinutes: number },
): TBlockedTime {
  const slotBeforeMs = minutesToMs(buffers.bufferBeforeMinutes);
  const slotAfterMs = minutesToMs(buffers.bufferAfterMinutes);
  const intervals = busy
    .map((interval, index) => {
      const startMs = interval.startAt.getTime();
      const endMs = interval.endAt.getTime();
      if (!(startMs < endMs)) throw new RangeError(`busy[${index}] must end after it starts`);
      const beforeMs = minutesToMs(checkBuffer(interval.bufferBeforeMinutes ?? buffers.bufferBeforeMinutes, index));
      const afterMs = minutesToMs(checkBuffer(interval.bufferAfterMinutes ?? buffers.bufferAfterMinutes, index));
      return { startMs: startMs - beforeMs - slotAfterMs, endMs: endMs + afterMs + slotBeforeMs };
    })
    .sort((a, b) => a.startMs - b.startMs);
  const merged = mergeIntervals(intervals);

  // Slots are asked about in increasing order, so one cursor walks the merged list once per call.
  let cursor = 0;
  let lastStartMs = -Infinity;
  return {
    isBlocked(startMs, endMs) {
      if (startMs < lastStartMs) cursor = 0;
      lastStartMs = startMs;
      while (cursor < merged.length && (merged[cursor]?.endMs ?? Infinity) <= startMs) cursor += 1;
      const next = merged[cursor];
      return next !== undefined && next.startMs < endMs;
    },
  };
}

function mergeIntervals(sorted: readonly TInterval[]): TInterval[] {
  const merged: TInterval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.startMs <= last.endMs) last.endMs = Math.max(last.endMs, interval.endMs);
    else merged.push({ ...interval });
  }
  return merged;
}

function checkBuffer(minutes: number, index: number): number {
  if (!Number.isInteger(minutes) || minutes < 0) {
    throw new RangeError(`busy[${index}] buffers must be whole minutes ≥ 0, got ${minutes}`);
  }
  return minutes;
}
