import { formatInTimeZone, type TDateTimeStyle } from "@/lib/format/date-time";

/** An instant in the viewer's own time zone, machine-readable in `dateTime`. */
export function LocalTime({ date, timeZone, style = "datetime" }: { date: Date; timeZone: string; style?: TDateTimeStyle }) {
  return <time dateTime={date.toISOString()}>{formatInTimeZone(date, timeZone, style)}</time>;
}
