import "server-only";
import { generateSlots, type TSlotStepMinutes, type TWeekday } from "@/lib/availability";
import { groupOverrides, hhmm } from "@/lib/availability/load-tutor-availability";
import type { Tx } from "@/lib/db";
import { browseLessonLength } from "./refresh-next-slot";

const DAY_MS = 86_400_000;

/**
 * The exact first open slot (of each tutor's browse length) for one page of cards: the same reads as
 * listOpenSlots (lib/availability/list-open-slots.ts) and the same engine, but four queries for the whole
 * page instead of four per tutor (browse's time budget). Run as service: busy time includes other
 * students' requests; only the instants leave this function. tests/integration/tutors-search.test.ts
 * checks it agrees with listOpenSlots.
 */
export async function liveNextSlots(tx: Tx, options: { tutorIds: readonly string[]; now: Date }): Promise<Map<string, Date | null>> {
  const { now } = options;
  const ids = [...options.tutorIds];
  const result = new Map<string, Date | null>();
  if (ids.length === 0) return result;
  const settingsRows = await tx<
    {
      tutor_id: string;
      timezone: string;
      lesson_lengths: number[];
      step_minutes: number;
      buffer_before_minutes: number;
      buffer_after_minutes: number;
      minimum_notice_minutes: number;
      horizon_days: number;
    }[]
  >`
    select p.id as tutor_id, p.timezone, s.lesson_lengths, s.step_minutes, s.buffer_before_minutes, s.buffer_after_minutes,
      s.minimum_notice_minutes, s.horizon_days
    from public.profiles p join public.tutor_booking_settings s on s.tutor_id = p.id
    where p.id = any(${ids}::uuid[]) and p.role = 'tutor'`;
  const maxHorizon = Math.max(1, ...settingsRows.map((row) => row.horizon_days));
  const rules = await tx<{ tutor_id: string; weekday: number; start_time: string; end_time: string }[]>`
    select tutor_id, weekday, start_time::text, end_time::text from public.tutor_availability
    where tutor_id = any(${ids}::uuid[]) order by tutor_id, weekday, start_time`;
  // A local date is never two days behind UTC's: older overrides can no longer produce a slot.
  const overrides = await tx<{ tutor_id: string; on_date: string; start_time: string | null; end_time: string | null }[]>`
    select tutor_id, on_date::text, start_time::text, end_time::text from public.tutor_availability_overrides
    where tutor_id = any(${ids}::uuid[]) and on_date >= (${now}::timestamptz at time zone 'UTC')::date - 2
    order by tutor_id, on_date, start_time nulls first`;
  const busy = await tx<{ tutor_id: string; start_at: Date; end_at: Date; buffer_before_minutes: number; buffer_after_minutes: number }[]>`
    select t.id as tutor_id, coalesce(b.confirmed_start_at, b.requested_start_at) as start_at,
      coalesce(b.confirmed_end_at, b.requested_end_at) as end_at, b.buffer_before_minutes, b.buffer_after_minutes
    from unnest(${ids}::uuid[]) t(id)
    -- Per tutor, so each is an index scan on (tutor_id, status) rather than one scan of every booking.
    cross join lateral (
      select * from public.bookings b
      where b.tutor_id = t.id and b.status in ('confirmed', 'pending')
        and (b.status = 'confirmed' or b.expires_at is null or b.expires_at > ${now})
        and tstzrange(coalesce(b.confirmed_start_at, b.requested_start_at), coalesce(b.confirmed_end_at, b.requested_end_at), '[)')
          && tstzrange(${new Date(now.getTime() - DAY_MS)}, ${new Date(now.getTime() + (maxHorizon + 1) * DAY_MS)}, '[)')
    ) b
    order by 2`;

  for (const row of settingsRows) {
    const lessonLengths = [...row.lesson_lengths].map(Number);
    const slots = generateSlots({
      weeklyRules: rules
        .filter((rule) => rule.tutor_id === row.tutor_id)
        .map((rule) => ({ weekday: rule.weekday as TWeekday, start: hhmm(rule.start_time), end: hhmm(rule.end_time) })),
      overrides: groupOverrides(overrides.filter((override) => override.tutor_id === row.tutor_id)),
      timeZone: row.timezone,
      busy: busy
        .filter((interval) => interval.tutor_id === row.tutor_id)
        .map((interval) => ({
          startAt: interval.start_at,
          endAt: interval.end_at,
          bufferBeforeMinutes: interval.buffer_before_minutes,
          bufferAfterMinutes: interval.buffer_after_minutes,
        })),
      settings: {
        durationMinutes: browseLessonLength(lessonLengths),
        stepMinutes: row.step_minutes as TSlotStepMinutes,
        minimumNoticeMinutes: row.minimum_notice_minutes,
        horizonDays: row.horizon_days,
        bufferBeforeMinutes: row.buffer_before_minutes,
        bufferAfterMinutes: row.buffer_after_minutes,
      },
      now,
    });
    result.set(row.tutor_id, slots[0]?.startAt ?? null);
  }
  return result;
}
