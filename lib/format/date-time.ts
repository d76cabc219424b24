/**
 * Dates and times in the viewer's own IANA time zone (profiles.timezone).
 * Everything is formatted on the server with the zone named explicitly, so the
 * text does not depend on the machine's zone and hydrates identically.
 */
const LOCALE = "en-TT";
export const DEFAULT_TIME_ZONE = "America/Port_of_Spain";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * A zone Intl knows, else the platform default (a bad profile value must not break a page). The name is kept as
 * given: ICU would answer a link's old name ("Asia/Calcutta" for "Asia/Kolkata"), which is not what people chose.
 */
export function resolveTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat(LOCALE, { timeZone });
    return timeZone;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

const DATE_TIME: Intl.DateTimeFormatOptions = {
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
};
const DATE: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short", year: "numeric" };
const TIME: Intl.DateTimeFormatOptions = { hour: "numeric", minute: "2-digit" };

export type TDateTimeStyle = "datetime" | "date" | "time";

const STYLES: Record<TDateTimeStyle, Intl.DateTimeFormatOptions> = { datetime: DATE_TIME, date: DATE, time: TIME };

/** "Sat, 21 Nov 2026, 4:05 pm" (datetime), "Sat, 21 Nov 2026" (date), "4:05 pm" (time). */
export function formatInTimeZone(date: Date, timeZone: string, style: TDateTimeStyle = "datetime"): string {
  return new Intl.DateTimeFormat(LOCALE, { ...STYLES[style], timeZone: resolveTimeZone(timeZone) }).format(date);
}

/** The zone's short name at that instant, e.g. "GMT-4" or "EST". */
export function formatTimeZoneName(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat(LOCALE, { timeZone: resolveTimeZone(timeZone), timeZoneName: "short" }).formatToParts(date);
  return parts.find((part) => part.type === "timeZoneName")?.value ?? timeZone;
}

/** 45 → "45 min", 60 → "1 h", 90 → "1 h 30 min". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

const pad = (value: number) => String(value).padStart(2, "0");

/**
 * A live countdown: "04:07" under an hour, "2:04:07" under a day, then
 * "3 days 4 h" (seconds that far out are noise). Never negative.
 */
export function formatCountdown(milliseconds: number): string {
  // Round up: "00:01" is shown until the instant itself, never "00:00" early.
  const totalSeconds = Math.max(0, Math.ceil(milliseconds / 1000));
  if (totalSeconds * 1000 >= DAY_MS) {
    const days = Math.floor((totalSeconds * 1000) / DAY_MS);
    const hours = Math.floor(((totalSeconds * 1000) % DAY_MS) / HOUR_MS);
    return `${days} ${days === 1 ? "day" : "days"}${hours > 0 ? ` ${hours} h` : ""}`;
  }
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}
