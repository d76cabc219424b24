import { TZDate } from "@date-fns/tz";

/** The earnings chart's span: the last 12 weeks, this one included (README "Payments"). */
export const EARNINGS_CHART_WEEKS = 12;

const DAY_MS = 86_400_000;

export type TWeekTotal = { weekStart: string; label: string; cents: number };

/** The local calendar date of an instant in `timeZone`, as a day count since 1970-01-01 (calendar math only). */
function localDayNumber(at: Date, timeZone: string): { dayNumber: number; weekday: number } {
  const local = new TZDate(at.getTime(), timeZone);
  return { dayNumber: Date.UTC(local.getFullYear(), local.getMonth(), local.getDate()) / DAY_MS, weekday: local.getDay() };
}

/** The Monday that starts the local week of `at`. */
function mondayOf(at: Date, timeZone: string): number {
  const { dayNumber, weekday } = localDayNumber(at, timeZone);
  return dayNumber - ((weekday + 6) % 7);
}

/**
 * Sums amounts into the tutor's local weeks (Monday to Sunday in their zone), the last `weeks` weeks ending
 * with the one holding `now`, oldest first; weeks without earnings are zero, amounts outside are left out.
 */
export function weeklyTotals(
  entries: readonly { at: Date; cents: number }[],
  options: { now: Date; timeZone: string; weeks?: number },
): TWeekTotal[] {
  const weeks = options.weeks ?? EARNINGS_CHART_WEEKS;
  const lastMonday = mondayOf(options.now, options.timeZone);
  const firstMonday = lastMonday - 7 * (weeks - 1);
  const sums = new Array<number>(weeks).fill(0);
  for (const entry of entries) {
    const index = (mondayOf(entry.at, options.timeZone) - firstMonday) / 7;
    if (index >= 0 && index < weeks) sums[index] = (sums[index] ?? 0) + entry.cents;
  }
  const labelFormat = new Intl.DateTimeFormat("en-TT", { day: "numeric", month: "short", timeZone: "UTC" });
  return sums.map((cents, index) => {
    const monday = new Date((firstMonday + 7 * index) * DAY_MS);
    return { weekStart: monday.toISOString().slice(0, 10), label: labelFormat.format(monday), cents };
  });
}
