import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { formatInTimeZone, formatTimeZoneName } from "@/lib/format/date-time";
import type { TCalendarDay, TCalendarItem, TTutorCalendarWeek } from "@/lib/tutors/tutor-calendar-week";

const HOUR_LINES = Array.from({ length: 25 }, (_, hour) => hour);

function dayLabel(day: TCalendarDay, timeZone: string): string {
  return formatInTimeZone(day.startAt, timeZone, "date");
}

const ITEM_LABELS: Record<TCalendarItem["kind"], string> = {
  session: "Session",
  request: "Request (pending)",
  proposal: "Proposed new time",
};

const ITEM_TONES: Record<TCalendarItem["kind"], string> = {
  session: "border-blue-400 bg-blue-50 text-blue-950",
  request: "border-amber-400 bg-amber-50 text-amber-950 border-dashed",
  proposal: "border-violet-400 bg-violet-50 text-violet-950 border-dashed",
};

function itemText(item: TCalendarItem, timeZone: string): string {
  const kind = ITEM_LABELS[item.kind];
  const who = item.studentName ? ` with ${item.studentName}` : "";
  return `${formatInTimeZone(item.startAt, timeZone, "time")}–${formatInTimeZone(item.endAt, timeZone, "time")} ${kind}: ${item.subjectName}${who}`;
}

/** Where an instant falls in its day column, as a percentage of the day's elapsed time (23 or 25 h on DST days). */
function offsetPercent(day: TCalendarDay, at: Date): number {
  const span = day.endAt.getTime() - day.startAt.getTime();
  return Math.min(100, Math.max(0, ((at.getTime() - day.startAt.getTime()) / span) * 100));
}

function ItemLink({
  item,
  timeZone,
  className,
  style,
}: {
  item: TCalendarItem;
  timeZone: string;
  className?: string;
  style?: React.CSSProperties;
}) {
  const tone = ITEM_TONES[item.kind];
  return (
    <Link
      href={`/tutor/bookings/${item.bookingId}`}
      data-testid={`calendar-${item.kind}`}
      className={`block overflow-hidden rounded border px-1.5 py-0.5 text-xs focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 ${tone} ${className ?? ""}`}
      style={style}
    >
      {itemText(item, timeZone)}
    </Link>
  );
}

/** The desktop grid: one column per day, availability and bookings placed by time. */
function WeekGrid({ week }: { week: TTutorCalendarWeek }) {
  return (
    <div className="hidden md:block" data-testid="calendar-grid">
      <div className="grid grid-cols-[3rem_repeat(7,minmax(0,1fr))] gap-x-1">
        <div />
        {week.days.map((day) => (
          <div key={day.date} className="pb-2 text-center text-sm font-semibold text-slate-900">
            {dayLabel(day, week.timeZone)}
            {day.override === "day_off" ? (
              <div>
                <Badge tone="muted">Day off</Badge>
              </div>
            ) : null}
          </div>
        ))}
        <div className="relative h-[48rem]">
          {HOUR_LINES.slice(0, 24).map((hour) => (
            <span key={hour} className="absolute right-1 -translate-y-2 text-xs text-slate-500" style={{ top: `${(hour / 24) * 100}%` }}>
              {String(hour).padStart(2, "0")}:00
            </span>
          ))}
        </div>
        {week.days.map((day) => (
          <div
            key={day.date}
            className={`relative h-[48rem] rounded border border-slate-200 ${day.override === "day_off" ? "bg-slate-100" : "bg-white"}`}
          >
            {HOUR_LINES.slice(1, 24).map((hour) => (
              <div key={hour} className="absolute inset-x-0 border-t border-slate-100" style={{ top: `${(hour / 24) * 100}%` }} />
            ))}
            {day.availability.map((range) => (
              <div
                key={range.start}
                className="absolute inset-x-0.5 rounded-sm bg-green-100"
                style={{
                  top: `${offsetPercent(day, range.startAt)}%`,
                  height: `${offsetPercent(day, range.endAt) - offsetPercent(day, range.startAt)}%`,
                }}
                title={`Available ${range.start}–${range.end}`}
              >
                <span className="sr-only">
                  Available {range.start}–{range.end}
                </span>
              </div>
            ))}
            {day.items.map((item) => (
              <ItemLink
                key={item.bookingId}
                item={item}
                timeZone={week.timeZone}
                className="absolute inset-x-1 z-10"
                style={{
                  top: `${offsetPercent(day, item.startAt)}%`,
                  minHeight: "1.25rem",
                  height: `${offsetPercent(day, item.endAt) - offsetPercent(day, item.startAt)}%`,
                }}
              />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

/** The phone view: the same week as a list of days. */
function DayList({ week }: { week: TTutorCalendarWeek }) {
  return (
    <ol className="flex flex-col gap-3 md:hidden" data-testid="calendar-day-list">
      {week.days.map((day) => (
        <li key={day.date} className="rounded-lg border border-slate-200 bg-white p-3" data-testid={`calendar-day-${day.date}`}>
          <h3 className="flex flex-wrap items-center gap-2 text-sm font-semibold text-slate-900">
            {dayLabel(day, week.timeZone)}
            {day.override === "day_off" ? <Badge tone="muted">Day off</Badge> : null}
            {day.override === "hours" ? <Badge tone="info">Different hours</Badge> : null}
          </h3>
          <p className="mt-1 text-sm text-slate-700">
            {day.availability.length === 0
              ? "Not available"
              : `Available ${day.availability.map((range) => `${range.start}–${range.end}`).join(", ")}`}
          </p>
          {day.items.length > 0 ? (
            <ul className="mt-2 flex flex-col gap-1">
              {day.items.map((item) => (
                <li key={item.bookingId}>
                  <ItemLink item={item} timeZone={week.timeZone} className="text-sm" />
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** The tutor's week in their own zone (named), with previous / next week links. */
export function CalendarWeekView({ week, thisWeek }: { week: TTutorCalendarWeek; thisWeek: string }) {
  const first = week.days[0];
  const last = week.days.at(-1);
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2 className="text-lg font-semibold text-slate-900" data-testid="calendar-week-title">
            {first && last ? `${dayLabel(first, week.timeZone)} – ${dayLabel(last, week.timeZone)}` : week.weekStart}
          </h2>
          <p className="text-sm text-slate-700" data-testid="calendar-zone">
            Times in {week.timeZone} ({formatTimeZoneName(week.startAt, week.timeZone)})
            {week.hours !== 168 ? `; this week has ${week.hours} hours (a clock change)` : ""}.
          </p>
        </div>
        <nav aria-label="Weeks" className="flex flex-wrap gap-2">
          <ButtonLink href={`/tutor/calendar?week=${week.previousWeek}`}>← Previous week</ButtonLink>
          {week.weekStart !== thisWeek ? <ButtonLink href={`/tutor/calendar?week=${thisWeek}`}>This week</ButtonLink> : null}
          <ButtonLink href={`/tutor/calendar?week=${week.nextWeek}`}>Next week →</ButtonLink>
        </nav>
      </div>
      <p className="flex flex-wrap gap-3 text-xs text-slate-700">
        <span>
          <span className="mr-1 inline-block h-3 w-3 rounded-sm bg-green-100 align-middle" />
          Available
        </span>
        <span>
          <span className="mr-1 inline-block h-3 w-3 rounded-sm border border-blue-400 bg-blue-50 align-middle" />
          Session
        </span>
        <span>
          <span className="mr-1 inline-block h-3 w-3 rounded-sm border border-dashed border-amber-400 bg-amber-50 align-middle" />
          Pending request
        </span>
        <span>
          <span className="mr-1 inline-block h-3 w-3 rounded-sm border border-dashed border-violet-400 bg-violet-50 align-middle" />
          Proposed new time
        </span>
        <span>
          <span className="mr-1 inline-block h-3 w-3 rounded-sm bg-slate-100 align-middle" />
          Day off
        </span>
      </p>
      <WeekGrid week={week} />
      <DayList week={week} />
    </div>
  );
}
