import type { TLocalDay } from "./local-days";

/**
 * Where a wall time of a local day falls.
 * - It exists: `exists` and the instant of its FIRST occurrence (a time the clocks show twice after falling
 *   back is offered once, at its earlier instant).
 * - It doesn't (the clocks jumped over it): not `exists`, and the first instant showing a later wall time
 *   (the jump itself). So a range boundary inside a jump moves to the jump, and a start inside it is skipped.
 * - 24 h (a range ending at 24:00): the day's end, the next date's first instant.
 */
export function resolveWallTime(day: TLocalDay, wallMs: number): { exists: boolean; ms: number } {
  for (const segment of day.segments) {
    const intoSegment = wallMs - segment.wallStartMs;
    if (intoSegment >= 0 && intoSegment < segment.endMs - segment.startMs) {
      return { exists: true, ms: segment.startMs + intoSegment };
    }
  }
  for (const segment of day.segments) {
    if (segment.wallStartMs > wallMs) return { exists: false, ms: segment.startMs };
  }
  return { exists: false, ms: day.endMs };
}
