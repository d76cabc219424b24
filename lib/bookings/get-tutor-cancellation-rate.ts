import "server-only";
import type { Sql } from "postgres";
import { asService } from "@/lib/db";

/** The public profile shows the rate only from this many lessons on (README "Cancellation policy"); the SQL holds the same number. */
export const MIN_LESSONS_FOR_CANCELLATION_RATE = 5;

export type TTutorCancellationRate = {
  /** Lessons due or cancelled in the last 90 days. */
  lessons: number;
  tutorCancellations: number;
  /** Basis points (1000 = 10 %), null below MIN_LESSONS_FOR_CANCELLATION_RATE lessons: show nothing then. */
  rateBps: number | null;
};

/** The tutor's cancellation rate over the 90 days before `now`, from public.tutor_cancellation_rate (public data). */
export async function getTutorCancellationRate(options: { db: Sql; tutorId: string; now: Date }): Promise<TTutorCancellationRate> {
  const { db, tutorId, now } = options;
  const [row] = await asService(
    db,
    (tx) => tx<{ lessons: number; tutor_cancellations: number; rate_bps: number | null }[]>`
      select lessons, tutor_cancellations, rate_bps from public.tutor_cancellation_rate(${tutorId}, ${now})`,
  );
  return { lessons: row?.lessons ?? 0, tutorCancellations: row?.tutor_cancellations ?? 0, rateBps: row?.rate_bps ?? null };
}
