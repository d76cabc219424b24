import { formatLocalTime } from "@/lib/availability/local-time";

/** Quarter-hour wall times for the range pickers: starts 00:00–23:45, ends 00:15–24:00 (the end of the day). */
const QUARTERS = Array.from({ length: 97 }, (_, index) => formatLocalTime(index * 15));
export const START_TIMES = QUARTERS.slice(0, -1);
export const END_TIMES = QUARTERS.slice(1);
