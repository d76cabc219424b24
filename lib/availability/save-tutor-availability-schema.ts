/**
 * The availability document the tutor edits and `PUT /api/tutor/availability` takes, validated as a whole
 * (shape by zod, then every weekday's ranges, every override and the time zone together). Client-safe: the
 * editor runs the same check before it sends. Overlapping ranges on one day are MERGED (the editor says so),
 * as normalizeWeeklyRanges does by default.
 */
import { TZDate } from "@date-fns/tz";
import { z } from "zod";
import { isIanaTimeZone } from "@/lib/profiles/account-form";
import {
  LESSON_LENGTHS,
  MAX_BUFFER_MINUTES,
  MAX_HORIZON_DAYS,
  MAX_MINIMUM_NOTICE_MINUTES,
  type TBookingSettings,
} from "./booking-settings";
import { DEFAULT_HORIZON_DAYS, SLOT_STEP_MINUTES } from "./constants";
import { parseLocalDate } from "./local-time";
import { normalizeDayRanges } from "./normalize-day-ranges";
import { normalizeWeeklyRanges } from "./normalize-weekly-ranges";
import type { TDateOverride, TSlotStepMinutes, TWeeklyRule } from "./types";

export const MAX_WEEKLY_RANGES = 70;
export const MAX_OVERRIDES = 120;
export const MAX_RANGES_PER_OVERRIDE = 10;
/** At most this many lesson lengths (the table's check). */
export const MAX_LESSON_LENGTHS = 8;

/** The tutor's whole schedule in the engine's vocabulary: rules and overrides are wall-clock time in `timeZone`. */
export type TTutorAvailabilityDocument = {
  timeZone: string;
  weeklyRules: TWeeklyRule[];
  overrides: TDateOverride[];
  settings: TBookingSettings;
};

const ZTime = z.string().max(5);
const ZRange = z.object({ start: ZTime, end: ZTime });

const ZOverride = z.discriminatedUnion("kind", [
  z.object({ date: z.string().max(10), kind: z.literal("day_off") }),
  z.object({ date: z.string().max(10), kind: z.literal("hours"), ranges: z.array(ZRange).max(MAX_RANGES_PER_OVERRIDE) }),
]);

const ZSettings = z.object({
  lesson_lengths: z
    .array(
      z
        .number()
        .int()
        .refine(
          (length) => (LESSON_LENGTHS as readonly number[]).includes(length),
          `Choose lengths from ${LESSON_LENGTHS.join(", ")} minutes.`,
        ),
    )
    .min(1, "Offer at least one lesson length.")
    .max(MAX_LESSON_LENGTHS, `Offer at most ${MAX_LESSON_LENGTHS} lesson lengths.`),
  step_minutes: z
    .number()
    .int()
    .refine((step) => (SLOT_STEP_MINUTES as readonly number[]).includes(step), "Lessons can start every 15, 30 or 60 minutes."),
  buffer_before_minutes: z.number().int().min(0).max(MAX_BUFFER_MINUTES, `A buffer is at most ${MAX_BUFFER_MINUTES} minutes.`),
  buffer_after_minutes: z.number().int().min(0).max(MAX_BUFFER_MINUTES, `A buffer is at most ${MAX_BUFFER_MINUTES} minutes.`),
  minimum_notice_minutes: z
    .number()
    .int()
    .min(0)
    .max(MAX_MINIMUM_NOTICE_MINUTES, `Minimum notice is at most ${MAX_MINIMUM_NOTICE_MINUTES / 60} hours.`),
  horizon_days: z
    .number()
    .int()
    .min(1, "Offer at least 1 day ahead.")
    .max(MAX_HORIZON_DAYS, `Offer at most ${MAX_HORIZON_DAYS} days ahead.`)
    .default(DEFAULT_HORIZON_DAYS),
  is_instant_booking: z.boolean(),
});

/** The wire format (snake_case like the rest of the HTTP API). */
export const ZTutorAvailabilityRequest = z.object({
  time_zone: z.string().max(64),
  weekly: z
    .array(z.object({ weekday: z.number().int(), start: ZTime, end: ZTime }))
    .max(MAX_WEEKLY_RANGES, `Use at most ${MAX_WEEKLY_RANGES} weekly ranges.`),
  overrides: z.array(ZOverride).max(MAX_OVERRIDES, `Use at most ${MAX_OVERRIDES} date overrides.`),
  settings: ZSettings,
});
export type TTutorAvailabilityRequest = z.input<typeof ZTutorAvailabilityRequest>;

/** Today's date ("YYYY-MM-DD") on the wall calendar of `timeZone` at `now`. */
export function localDateIn(timeZone: string, now: Date): string {
  const local = new TZDate(now.getTime(), timeZone);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}

/**
 * The request schema, checked as a whole at `now`: a known IANA zone, every weekday's ranges well formed
 * (overlaps merged), one override per date, none before today in the tutor's (new) zone, hours overrides
 * with at least one range. Parses to the normalized document or throws a ZodError listing every problem.
 */
export function tutorAvailabilitySchema(now: Date) {
  return ZTutorAvailabilityRequest.transform((request, context): TTutorAvailabilityDocument => {
    const issue = (path: (string | number)[], message: string) => context.addIssue({ code: "custom", path, message });
    const isZoneKnown = isIanaTimeZone(request.time_zone);
    if (!isZoneKnown) issue(["time_zone"], `"${request.time_zone}" is not a time zone we know: choose one like America/Port_of_Spain.`);

    const weekly = normalizeWeeklyRanges(request.weekly as TWeeklyRule[]);
    if (!weekly.ok) for (const problem of weekly.issues) issue(["weekly", ...problem.indexes.slice(0, 1)], problem.message);

    const today = isZoneKnown ? localDateIn(request.time_zone, now) : null;
    const overrides: TDateOverride[] = [];
    const seen = new Set<string>();
    request.overrides.forEach((override, index) => {
      const path = ["overrides", index];
      if (parseLocalDate(override.date) === null) return issue([...path, "date"], `"${override.date}" is not a date: use YYYY-MM-DD.`);
      if (seen.has(override.date))
        return issue([...path, "date"], `${override.date} has two overrides: keep one (a day off or its hours).`);
      seen.add(override.date);
      if (today !== null && override.date < today) return issue([...path, "date"], `${override.date} is in the past: remove it.`);
      if (override.kind === "day_off") return overrides.push({ date: override.date, kind: "day_off" });
      if (override.ranges.length === 0) return issue([...path, "ranges"], `${override.date}: add its hours, or make it a day off.`);
      const day = normalizeDayRanges(override.ranges);
      if (!day.ok) return day.issues.forEach((problem) => issue([...path, "ranges"], `${override.date}: ${problem.message}`));
      overrides.push({ date: override.date, kind: "hours", ranges: day.ranges });
    });

    const lengths = [...new Set(request.settings.lesson_lengths)].sort((a, b) => a - b);
    if (!weekly.ok || context.issues.length > 0) return z.NEVER;
    overrides.sort((a, b) => a.date.localeCompare(b.date));
    return {
      timeZone: request.time_zone,
      weeklyRules: weekly.rules,
      overrides,
      settings: {
        lessonLengths: lengths,
        stepMinutes: request.settings.step_minutes as TSlotStepMinutes,
        bufferBeforeMinutes: request.settings.buffer_before_minutes,
        bufferAfterMinutes: request.settings.buffer_after_minutes,
        minimumNoticeMinutes: request.settings.minimum_notice_minutes,
        horizonDays: request.settings.horizon_days,
        isInstantBooking: request.settings.is_instant_booking,
      },
    };
  });
}

/** The document in the wire format (what GET answers and the editor starts from). */
export function toAvailabilityRequest(document: TTutorAvailabilityDocument): TTutorAvailabilityRequest {
  return {
    time_zone: document.timeZone,
    weekly: document.weeklyRules.map(({ weekday, start, end }) => ({ weekday, start, end })),
    overrides: document.overrides.map((override) =>
      override.kind === "day_off"
        ? { date: override.date, kind: "day_off" as const }
        : { date: override.date, kind: "hours" as const, ranges: override.ranges.map(({ start, end }) => ({ start, end })) },
    ),
    settings: {
      lesson_lengths: document.settings.lessonLengths,
      step_minutes: document.settings.stepMinutes,
      buffer_before_minutes: document.settings.bufferBeforeMinutes,
      buffer_after_minutes: document.settings.bufferAfterMinutes,
      minimum_notice_minutes: document.settings.minimumNoticeMinutes,
      horizon_days: document.settings.horizonDays,
      is_instant_booking: document.settings.isInstantBooking,
    },
  };
}
