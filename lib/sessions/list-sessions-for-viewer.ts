import "server-only";
import type { Sql } from "postgres";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser, type Tx } from "@/lib/db";
import {
  sessionSummaryColumns,
  sessionSummaryFrom,
  toSessionSummary,
  type TSessionListRow,
  type TSessionSummary,
} from "@/lib/sessions/session-summary";
import { viewerTimeZone } from "@/lib/sessions/viewer-time-zone";

export type TSessionList = { timeZone: string; upcoming: TSessionSummary[]; past: TSessionSummary[] };

const PAST_LIMIT = 100;

/** Upcoming (soonest first) and past (latest first) sessions of the viewer, in their own time zone. */
export async function listSessionsForViewer(options: { db: Sql; viewer: TAppViewer; now: Date }): Promise<TSessionList> {
  const { db, viewer, now } = options;
  return asUser(db, viewer, async (tx) => {
    const timeZone = await viewerTimeZone(tx, viewer.id);
    const rows = await tx<TSessionListRow[]>`
      select ${sessionSummaryColumns(tx)}
      ${sessionSummaryFrom(tx)}
      where ${roleFilter(tx, viewer)}
      order by s.scheduled_start_at
    `;
    const sessions = rows.map((row) => toSessionSummary(row, viewer.role, now));
    return splitUpcomingAndPast(sessions, timeZone);
  });
}

export function splitUpcomingAndPast(sessions: TSessionSummary[], timeZone: string): TSessionList {
  const upcoming = sessions.filter((s) => s.isUpcoming).sort((a, b) => a.scheduledStartAt.getTime() - b.scheduledStartAt.getTime());
  const past = sessions
    .filter((s) => !s.isUpcoming)
    .sort((a, b) => b.scheduledStartAt.getTime() - a.scheduledStartAt.getTime())
    .slice(0, PAST_LIMIT);
  return { timeZone, upcoming, past };
}

/** RLS already limits the rows; the filter says which of them this page is about (and uses the indexes). */
function roleFilter(tx: Tx, viewer: TAppViewer) {
  switch (viewer.role) {
    case "student":
      return tx`s.student_id = ${viewer.id}`;
    case "tutor":
      return tx`s.tutor_id = ${viewer.id}`;
    case "parent":
      return tx`s.student_id in (
        select ps.student_id from public.parent_students ps where ps.parent_id = ${viewer.id} and ps.approved_at is not null)`;
    case "admin":
      return tx`true`;
  }
}
