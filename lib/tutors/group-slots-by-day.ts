import type { TSlot } from "@/lib/availability";

export type TSlotDay = { dayKey: string; slots: TSlot[] };

const dayKeyFormat = (timeZone: string) =>
  new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });

/** Slots (in time order) grouped by the local date they start on in `timeZone`: "2026-12-03". Client-safe. */
export function groupSlotsByDay(slots: readonly TSlot[], timeZone: string): TSlotDay[] {
  const format = dayKeyFormat(timeZone);
  const days: TSlotDay[] = [];
  for (const slot of slots) {
    const dayKey = format.format(slot.startAt);
    const last = days.at(-1);
    if (last?.dayKey === dayKey) last.slots.push(slot);
    else days.push({ dayKey, slots: [slot] });
  }
  return days;
}
