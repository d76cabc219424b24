import "server-only";
import type { Tx } from "@/lib/db";
import type { TBookingSettings } from "./booking-settings";
import type { TDateOverride, TLocalRange, TSlotStepMinutes, TWeekday, TWeeklyRule } from "./types";

/** Everything the slots engine needs about one tutor, except busy time and `now`. */
export type TTutorAvailability = {
  tutorId: string;
  /** The tutor's IANA zone (`profiles.timezone`); every rule and override is wall-clock time in it. */
  timeZone: string;
  weeklyRules: TWeeklyRule[];
  overrides: TDateOverride[];
  settings: TBookingSettings;
};

/**
 * Reads a tutor's schedule in the caller's transaction (as service, or as the tutor themself: RLS lets a
 * tutor read their own overrides). Null when the id is not a tutor. Overrides before `fromDate` (local) are
 * left out: they can no longer produce a slot.
 */
export async function loadTutorAvailability(tx: Tx, options: { tutorId: string; fromDate?: string }): Promise<TTutorAvailability | null> {
  const { tutorId } = options;
  const [row] = await tx<
    {
      timezone: string;
      lesson_lengths: number[];
      step_minutes: number;
      buffer_before_minutes: number;
      buffer_after_minutes: number;
      minimum_notice_minutes: number;
      horizon_days: number;
      is_instant_booking: boolean;
    }[]
  >`
    select p.timezone, s.lesson_lengths, s.step_minutes, s.buffer_before_minutes, s.buffer_after_minutes,
      s.minimum_notice_minutes, s.horizon_days, s.is_instant_booking
    from public.profiles p join public.tutor_booking_settings s on s.tutor_id = p.id
    where p.id = ${tutorId} and p.role = 'tutor'`;
  if (!row) return null;

  const rules = await tx<{ weekday: number; start_time: string; end_time: string }[]>`
    select weekday, start_time::text, end_time::text from public.tutor_availability
    where tutor_id = ${tutorId} order by weekday, start_time`;
  const overrideRows = await tx<{ on_date: string; start_time: string | null; end_time: string | null }[]>`
    select on_date::text, start_time::text, end_time::text from public.tutor_availability_overrides
    where tutor_id = ${tutorId} and (${options.fromDate ?? null}::date is null or on_date >= ${options.fromDate ?? null}::date)
    order by on_date, start_time nulls first`;

  return {
    tutorId,
    timeZone: row.timezone,
    weeklyRules: rules.map((rule) => ({ weekday: rule.weekday as TWeekday, start: hhmm(rule.start_time), end: hhmm(rule.end_time) })),
    overrides: groupOverrides(overrideRows),
    settings: {
      lessonLengths: [...row.lesson_lengths].map(Number).sort((a, b) => a - b),
      stepMinutes: row.step_minutes as TSlotStepMinutes,
      bufferBeforeMinutes: row.buffer_before_minutes,
      bufferAfterMinutes: row.buffer_after_minutes,
      minimumNoticeMinutes: row.minimum_notice_minutes,
      horizonDays: row.horizon_days,
      isInstantBooking: row.is_instant_booking,
    },
  };
}

/** Postgres `time` as text is "HH:MM:SS" ("24:00:00" for the end of the day); the engine wants "HH:MM". */
export function hhmm(value: string): string {
  return value.slice(0, 5);
}

/** One day-off row wins over hours rows of the same date (the editor never stores both). */
export function groupOverrides(rows: readonly { on_date: string; start_time: string | null; end_time: string | null }[]): TDateOverride[] {
  const byDate = new Map<string, TLocalRange[] | "day_off">();
  for (const row of rows) {
    const current = byDate.get(row.on_date);
    if (row.start_time === null || row.end_time === null) byDate.set(row.on_date, "day_off");
    else if (current !== "day_off") byDate.set(row.on_date, [...(current ?? []), { start: hhmm(row.start_time), end: hhmm(row.end_time) }]);
  }
  return [...byDate].map(([date, value]) => (value === "day_off" ? { date, kind: "day_off" } : { date, kind: "hours", ranges: value }));
}
