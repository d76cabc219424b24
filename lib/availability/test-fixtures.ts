import { generateSlots } from "./generate-slots";
import type { TGenerateSlotsOptions, TSlot, TSlotSettings } from "./types";

/** Shared by the engine's tests: a call with quiet defaults (no notice, no buffers), and readable output. */

export const NO_FRILLS: TSlotSettings = {
  durationMinutes: 60,
  stepMinutes: 60,
  minimumNoticeMinutes: 0,
  horizonDays: 14,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
};

export type TSlotsCall = Omit<Partial<TGenerateSlotsOptions>, "settings"> & {
  timeZone: string;
  now: Date;
  settings?: Partial<TSlotSettings>;
};

export function slotsFor(call: TSlotsCall): TSlot[] {
  return generateSlots({
    weeklyRules: [],
    busy: [],
    ...call,
    settings: { ...NO_FRILLS, ...call.settings },
  });
}

/** Slot starts as ISO instants without milliseconds ("2026-03-08T05:00:00Z"). */
export function startsOf(slots: readonly TSlot[]): string[] {
  return slots.map((slot) => slot.startAt.toISOString().replace(".000Z", "Z"));
}

/** Slot starts that fall on one UTC date ("2026-03-08"), for tests that look at a single day. */
export function startsOn(slots: readonly TSlot[], utcDatePrefix: string): string[] {
  return startsOf(slots).filter((start) => start.startsWith(utcDatePrefix));
}

export const at = (iso: string) => new Date(iso);
