import type { Sql } from "postgres";
import { createDemoSession } from "./seed-sessions.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** What the demo students said: an average of 4.7 over 3 ratings, one answered. */
const DEMO_RATINGS = [
  { stars: 5, comment: "Patient and clear; the worked examples finally made quadratics click.", reply: "Thank you! Keep practising." },
  { stars: 4, comment: "Good lesson, a little fast at the end.", reply: null },
  { stars: 5, comment: null, reply: null },
] as const;

/**
 * Gives tutor@ at least 3 rated lessons (README "Ratings") so the average shows in
 * `npm run dev`: completed demo lessons 3 to 5 days back (clear of every session case),
 * each rated by its student an hour after it ended. Idempotent: counts the tutor's
 * ratings first. The newest completed lessons stay unrated, so the rating card shows.
 */
export async function topUpDemoRatings(options: {
  sql: Sql;
  now: Date;
  tutorId: string;
  studentIds: string[];
  subjectId: string;
  priceCents: number;
}): Promise<void> {
  const { sql, now, tutorId, studentIds } = options;
  const [{ count } = { count: 0 }] = await sql<{ count: number }[]>`
    select count(*)::int as count from public.session_ratings where tutor_id = ${tutorId}`;
  const dayStart = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
  for (let i = count; i < DEMO_RATINGS.length; i += 1) {
    const rating = DEMO_RATINGS[i]!;
    const studentId = studentIds[i % studentIds.length]!;
    // a few candidate times that day, in case an earlier run's lesson holds one
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const startAt = new Date(dayStart.getTime() - (3 + i) * DAY - attempt * 2 * HOUR);
      const sessionId = await createDemoSession({ ...options, studentId, startAt, durationMinutes: 60, outcome: "COMPLETED_ASSUMED" });
      if (!sessionId) continue;
      const ratedAt = new Date(startAt.getTime() + 2 * HOUR);
      await sql`
        insert into public.session_ratings (session_id, tutor_id, student_id, rated_by, stars, comment, reply, replied_at,
          created_at, updated_at, editable_until)
        values (${sessionId}, ${tutorId}, ${studentId}, ${studentId}, ${rating.stars}, ${rating.comment}, ${rating.reply},
          ${rating.reply ? new Date(ratedAt.getTime() + 3 * HOUR) : null}, ${ratedAt}, ${ratedAt}, ${new Date(ratedAt.getTime() + 7 * DAY)})`;
      break;
    }
  }
}
