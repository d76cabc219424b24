import { formatDuration, formatInTimeZone, formatTimeZoneName } from "@/lib/format/date-time";

export type TPreviewSlot = { start_at: string; end_at: string };
export type TAvailabilityPreviewData = { time_zone: string; duration_minutes: number; days: number; slots: TPreviewSlot[] };

/** The open slots after a save, grouped by day in the tutor's zone (named), as students would be offered them. */
export function AvailabilityPreview({ preview }: { preview: TAvailabilityPreviewData }) {
  const zone = preview.time_zone;
  const byDay = new Map<string, Date[]>();
  for (const slot of preview.slots) {
    const start = new Date(slot.start_at);
    const day = formatInTimeZone(start, zone, "date");
    byDay.set(day, [...(byDay.get(day) ?? []), start]);
  }
  const zoneName = preview.slots[0] ? formatTimeZoneName(new Date(preview.slots[0].start_at), zone) : null;
  return (
    <section aria-labelledby="preview-title" className="flex flex-col gap-3" data-testid="availability-preview">
      <h3 id="preview-title" className="text-base font-semibold text-slate-900">
        Open slots in the next {preview.days} days
      </h3>
      <p className="text-sm text-slate-700">
        {formatDuration(preview.duration_minutes)} lessons, start times in {zone}
        {zoneName ? ` (${zoneName})` : ""}. Time already booked, inside your minimum notice or past your horizon is left out.
      </p>
      {preview.slots.length === 0 ? (
        <p className="text-sm font-medium text-amber-900">
          No open slots in the next {preview.days} days: students can&apos;t book you this week.
        </p>
      ) : (
        <ul className="flex flex-col gap-2">
          {[...byDay].map(([day, starts]) => (
            <li key={day}>
              <p className="text-sm font-semibold text-slate-800">{day}</p>
              <p className="text-sm text-slate-700">{starts.map((start) => formatInTimeZone(start, zone, "time")).join(", ")}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
