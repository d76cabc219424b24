/**
 * The slots engine's vocabulary. Wall-clock values (weekdays, "HH:MM", "YYYY-MM-DD") are always in the
 * tutor's time zone; instants (`Date`) are absolute. The engine itself is `generateSlots`
 * (lib/availability/generate-slots.ts).
 */

/** As `Date#getDay` numbers them: 0 = Sunday, 1 = Monday … 6 = Saturday. */
export type TWeekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/**
 * A wall-clock time in the tutor's zone, "HH:MM" with a 24-hour clock (00:00–23:59). "24:00" is allowed
 * as a range's end only and means the end of that local day (the next day's first instant).
 */
export type TLocalTime = string;

/** A local date in the tutor's zone, "YYYY-MM-DD". */
export type TLocalDate = string;

/** Wall-clock range [start, end) within one local day; end after start. */
export type TLocalRange = { start: TLocalTime; end: TLocalTime };

/** One weekly availability range: every `weekday`, from `start` to `end` in the tutor's zone. */
export type TWeeklyRule = TLocalRange & { weekday: TWeekday };

/**
 * Replaces the weekly rules for one local date: either the whole day off, or these ranges instead of that
 * weekday's ranges (an empty `ranges` list is a day off too).
 */
export type TDateOverride = { date: TLocalDate; kind: "day_off" } | { date: TLocalDate; kind: "hours"; ranges: readonly TLocalRange[] };

/**
 * Time the tutor is already committed, [startAt, endAt) as instants: their confirmed sessions and pending
 * requests ONLY. The caller leaves out cancelled, declined and expired bookings; whatever is passed here
 * blocks. Both this interval and a candidate slot are widened by buffers (see `TSlotSettings`); pass the
 * buffers stored on the booking when they may differ from the tutor's current settings, so the engine
 * agrees with a database constraint over the widened ranges.
 */
export type TBusyInterval = {
  startAt: Date;
  endAt: Date;
  /** Defaults to `settings.bufferBeforeMinutes`. */
  bufferBeforeMinutes?: number;
  /** Defaults to `settings.bufferAfterMinutes`. */
  bufferAfterMinutes?: number;
};

/** Start times are aligned to this step, counted in local wall-clock time from each range's start. */
export type TSlotStepMinutes = 15 | 30 | 60;

export type TSlotSettings = {
  /** The lesson's length in real (elapsed) minutes; a positive whole number. */
  durationMinutes: number;
  stepMinutes: TSlotStepMinutes;
  /** A slot starts at or after `now + minimumNoticeMinutes` (the editor shows hours; minutes here). */
  minimumNoticeMinutes: number;
  /**
   * A slot starts before `now + horizonDays × 24 h` of elapsed time (not calendar days in any zone, so a
   * DST change neither stretches nor shrinks it). Defaults to `DEFAULT_HORIZON_DAYS`.
   */
  horizonDays?: number;
  /** Free time required before every lesson: the new slot's and each busy interval's. */
  bufferBeforeMinutes: number;
  /** Free time required after every lesson: the new slot's and each busy interval's. */
  bufferAfterMinutes: number;
};

export type TGenerateSlotsOptions = {
  weeklyRules: readonly TWeeklyRule[];
  overrides?: readonly TDateOverride[];
  /** The tutor's IANA zone ("America/Port_of_Spain"). The viewer's zone plays no part in which slots exist. */
  timeZone: string;
  busy: readonly TBusyInterval[];
  settings: TSlotSettings;
  now: Date;
};

/** An open slot, [startAt, endAt) as instants; `endAt − startAt` is exactly the lesson's duration. */
export type TSlot = { startAt: Date; endAt: Date };
