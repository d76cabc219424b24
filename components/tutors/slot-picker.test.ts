import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SlotPicker } from "./slot-picker";

const HOUR = 3_600_000;
// One slot a day at 14:00 UTC for six days.
const slots = Array.from({ length: 6 }, (_, day) => {
  const startAt = new Date(Date.UTC(2026, 11, 2 + day, 14));
  return { startAt, endAt: new Date(startAt.getTime() + HOUR) };
});

const render = (props: Partial<Parameters<typeof SlotPicker>[0]>) =>
  renderToStaticMarkup(
    createElement(SlotPicker, {
      slots,
      timeZone: "Asia/Kolkata",
      tutorTimeZone: "America/Port_of_Spain",
      chosen: null,
      hrefFor: (slot) => `/x?start=${slot.startAt.toISOString()}`,
      ...props,
    }),
  );

describe("SlotPicker", () => {
  it("opens the first three days and the chosen slot's day, with both zones' times", () => {
    const html = render({ chosen: slots[5]!.startAt.toISOString() });
    const days = html.split("<details").slice(1);
    expect(days).toHaveLength(6);
    expect(days.map((day) => day.startsWith(' open=""'))).toEqual([true, true, true, false, false, true]);
    expect(html).toContain("7:30"); // 14:00 UTC in Kolkata
    expect(html).toContain("tutor: 10:00"); // and in Port of Spain
    expect(html.match(/aria-current="true"/g)).toHaveLength(1);
  });

  it("says so when there is no open time", () => {
    expect(render({ slots: [] })).toContain("No open times");
  });
});
