import Link from "next/link";
import type { TSlot } from "@/lib/availability";
import { formatInTimeZone } from "@/lib/format/date-time";
import { groupSlotsByDay } from "@/lib/tutors/group-slots-by-day";

/** Days shown open at first; later ones are one tap away (14 days of slots is a long page on a phone). */
const OPEN_DAYS = 3;

/**
 * The next two weeks of open slots, grouped by day in the viewer's zone; each slot is a link that keeps the
 * choice in the URL (so sign-in can come back to it). The tutor's local time is shown when zones differ.
 */
export function SlotPicker({
  slots,
  timeZone,
  tutorTimeZone,
  hrefFor,
  chosen,
}: {
  slots: TSlot[];
  timeZone: string;
  tutorTimeZone: string;
  hrefFor: (slot: TSlot) => string;
  chosen: string | null;
}) {
  if (slots.length === 0) {
    return (
      <p className="text-sm text-slate-700" data-testid="no-slots">
        No open times in the next 14 days for this lesson length.
      </p>
    );
  }
  const showTutorTime =
    formatInTimeZone(slots[0]!.startAt, timeZone, "datetime") !== formatInTimeZone(slots[0]!.startAt, tutorTimeZone, "datetime");
  return (
    <div className="flex flex-col gap-4" data-testid="slot-days">
      {groupSlotsByDay(slots, timeZone).map((day, index) => (
        <details
          key={day.dayKey}
          open={index < OPEN_DAYS || day.slots.some((item) => item.startAt.toISOString() === chosen)}
          className="group"
        >
          <summary className="mb-2 cursor-pointer text-sm font-semibold text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-600">
            {formatInTimeZone(day.slots[0]!.startAt, timeZone, "date")}{" "}
            <span className="font-normal text-slate-600">
              · {day.slots.length} {day.slots.length === 1 ? "time" : "times"}
            </span>
          </summary>
          <ul className="grid grid-cols-3 gap-2 sm:flex sm:flex-wrap">
            {day.slots.map((slot) => {
              const iso = slot.startAt.toISOString();
              const isChosen = iso === chosen;
              return (
                <li key={iso}>
                  <Link
                    href={hrefFor(slot)}
                    scroll={false}
                    aria-current={isChosen ? "true" : undefined}
                    data-testid="slot"
                    data-start={iso}
                    className={`flex min-h-10 w-full flex-col items-center justify-center rounded-md border px-3 py-1 text-sm sm:w-auto focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 ${
                      isChosen ? "border-blue-700 bg-blue-700 text-white" : "border-slate-300 bg-white text-slate-900 hover:bg-slate-100"
                    }`}
                  >
                    <time dateTime={iso}>{formatInTimeZone(slot.startAt, timeZone, "time")}</time>
                    {showTutorTime ? (
                      <span className={`text-xs ${isChosen ? "text-blue-100" : "text-slate-600"}`}>
                        tutor: {formatInTimeZone(slot.startAt, tutorTimeZone, "time")}
                      </span>
                    ) : null}
                  </Link>
                </li>
              );
            })}
          </ul>
        </details>
      ))}
    </div>
  );
}
