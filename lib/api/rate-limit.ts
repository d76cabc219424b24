import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { Viewer } from "@/lib/db";

/**
 * Per-user limits on the app's own write routes. Counted in Postgres (one fixed window
 * per user and limit), so every app instance shares the count: instances stay stateless.
 */
export const RATE_LIMITS = {
  /** Booking requests, parent link requests and other writes a person makes by hand. */
  write: { max: 30, windowSeconds: 60 },
  /** Joining a lesson: a few clicks, a reload, a second device. */
  join: { max: 60, windowSeconds: 60 },
  /** Marking a no-show or another money-moving decision. */
  decision: { max: 10, windowSeconds: 60 },
} as const;

export type TRateLimitName = keyof typeof RATE_LIMITS;

/** Counts one request; past the limit, 429 `rate_limited` with `retry_after_seconds` (and Retry-After). */
export async function enforceRateLimit(options: { db: Sql; viewer: Pick<Viewer, "id">; name: TRateLimitName; now: Date }): Promise<void> {
  const { db, viewer, name, now } = options;
  const { max, windowSeconds } = RATE_LIMITS[name];
  const windowStartMs = Math.floor(now.getTime() / (windowSeconds * 1000)) * windowSeconds * 1000;
  const [row] = await db<{ hits: number }[]>`
    insert into public.api_rate_limits (user_id, bucket, window_start, hits)
    values (${viewer.id}, ${name}, ${new Date(windowStartMs)}, 1)
    on conflict (user_id, bucket) do update set
      hits = case when api_rate_limits.window_start = excluded.window_start then api_rate_limits.hits + 1 else 1 end,
      window_start = excluded.window_start
    returning hits
  `;
  if ((row?.hits ?? 0) <= max) return;
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStartMs + windowSeconds * 1000 - now.getTime()) / 1000));
  throw new AppError("rate_limited", `Too many requests: at most ${max} a minute. Try again in ${retryAfterSeconds} s.`, {
    retry_after_seconds: retryAfterSeconds,
  });
}
