import type { Sql } from "postgres";

/** Opens the tutor all day, every day (00:00–24:00 in their zone), so every reschedule test has slots at any hour of the run. */
export async function openTutorAllWeek(sql: Sql, tutorId: string): Promise<void> {
  const [profile] = await sql<{ timezone: string }[]>`select timezone from public.profiles where id = ${tutorId}`;
  for (let weekday = 0; weekday < 7; weekday += 1) {
    await sql`
      insert into public.tutor_availability (tutor_id, weekday, start_time, end_time, timezone)
      values (${tutorId}, ${weekday}, '00:00', '24:00', ${profile?.timezone ?? "UTC"})`;
  }
}

/** The top of the hour `hours` from `base`: a slot start on the 30-minute step. */
export function hourFrom(base: Date, hours: number): Date {
  const at = new Date(base.getTime() + hours * 3_600_000);
  at.setUTCMinutes(0, 0, 0);
  return at;
}
