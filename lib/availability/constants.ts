import type { TSlotStepMinutes } from "./types";

/** How far ahead slots are offered when the tutor has not chosen (issue 9: "the next two weeks"). */
export const DEFAULT_HORIZON_DAYS = 14;

/** The start-time steps a tutor can choose in the editor. */
export const SLOT_STEP_MINUTES: readonly TSlotStepMinutes[] = [15, 30, 60];

/** Indexed by `TWeekday` (0 = Sunday), for messages. */
export const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
