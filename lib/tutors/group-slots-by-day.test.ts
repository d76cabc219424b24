import { describe, expect, it } from "vitest";
import { groupSlotsByDay } from "./group-slots-by-day";

const slot = (iso: string) => ({ startAt: new Date(iso), endAt: new Date(new Date(iso).getTime() + 3_600_000) });

describe("groupSlotsByDay", () => {
  const slots = [slot("2026-12-03T02:00:00Z"), slot("2026-12-03T05:00:00Z"), slot("2026-12-03T20:00:00Z")];

  it("groups by the viewer's local date, not UTC's", () => {
    // New York (UTC-5): 21:00 and 00:00 fall on two dates; 15:00 joins the second.
    expect(groupSlotsByDay(slots, "America/New_York").map((day) => [day.dayKey, day.slots.length])).toEqual([
      ["2026-12-02", 1],
      ["2026-12-03", 2],
    ]);
    // Kolkata (UTC+5:30): 07:30 and 10:30 on the 3rd, 01:30 on the 4th.
    expect(groupSlotsByDay(slots, "Asia/Kolkata").map((day) => [day.dayKey, day.slots.length])).toEqual([
      ["2026-12-03", 2],
      ["2026-12-04", 1],
    ]);
  });

  it("has no days for no slots", () => {
    expect(groupSlotsByDay([], "UTC")).toEqual([]);
  });
});
