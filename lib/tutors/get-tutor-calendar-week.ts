import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { loadTutorAvailability } from "@/lib/availability/server";
import { listOpenProposals } from "@/lib/bookings/list-open-proposals";
import { asUser } from "@/lib/db";
import { buildTutorCalendarWeek, mondayOf, todayIn, type TCalendarItem, type TTutorCalendarWeek } from "./tutor-calendar-week";

/**
 * The tutor's own calendar week, read as the tutor (RLS: their bookings, their overrides, the names of the
 * students they teach): the week holding `weekOf` (default: today in their zone) with availability from
 * their rules and overrides, confirmed sessions and pending requests. Cancelled, declined, withdrawn and
 * expired bookings are not shown; neither is a pending request past its deadline. Open reschedule proposals
 * are shown at their proposed time (the slot they hold).
 */
export async function getTutorCalendarWeek(options: {
  db: Sql;
  viewer: TAppViewer;
  weekOf?: string;
  now: Date;
}): Promise<TTutorCalendarWeek> {
  const { db, viewer, now } = options;
  if (viewer.role !== "tutor") throw new AppError("forbidden", "Only a tutor account has a calendar.");
  if (options.weekOf !== undefined && mondayOf(options.weekOf) === null) {
    throw new AppError("invalid_input", "The week must be a date like 2026-12-07.");
  }
  const proposals = await listOpenProposals({ db, viewer, now });
  return asUser(db, viewer, async (tx) => {
    const availability = await loadTutorAvailability(tx, { tutorId: viewer.id });
    if (!availability) throw new AppError("not_found", "Your tutor settings could not be found. Sign out and in again.");
    const { timeZone, weeklyRules, overrides } = availability;
    const frame = buildTutorCalendarWeek({ timeZone, weekOf: options.weekOf ?? todayIn(timeZone, now), weeklyRules, overrides, items: [] });
    const rows = await tx<
      { id: string; status: string; start_at: Date; end_at: Date; subject_name: string; student_name: string | null }[]
    >`
      select b.id, b.status, coalesce(b.confirmed_start_at, b.requested_start_at) as start_at,
        coalesce(b.confirmed_end_at, b.requested_end_at) as end_at, s.name as subject_name,
        nullif(student.full_name, '') as student_name
      from public.bookings b
      join public.subjects s on s.id = b.subject_id
      left join public.profiles student on student.id = b.student_id
      where b.tutor_id = ${viewer.id}
        and (b.status = 'confirmed' or (b.status = 'pending' and (b.expires_at is null or b.expires_at > ${now})))
        and coalesce(b.confirmed_start_at, b.requested_start_at) >= ${frame.startAt}
        and coalesce(b.confirmed_start_at, b.requested_start_at) < ${frame.endAt}
      order by 3`;
    const items: TCalendarItem[] = rows.map((row) => ({
      kind: row.status === "confirmed" ? "session" : "request",
      bookingId: row.id,
      startAt: row.start_at,
      endAt: row.end_at,
      subjectName: row.subject_name,
      studentName: row.student_name,
    }));
    for (const proposal of proposals) {
      if (proposal.startAt < frame.startAt || proposal.startAt >= frame.endAt) continue;
      items.push({
        kind: "proposal",
        bookingId: proposal.bookingId,
        startAt: proposal.startAt,
        endAt: proposal.endAt,
        subjectName: proposal.subjectName,
        studentName: proposal.otherPartyName || null,
      });
    }
    items.sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
    return buildTutorCalendarWeek({ timeZone, weekOf: frame.weekStart, weeklyRules, overrides, items });
  });
}
