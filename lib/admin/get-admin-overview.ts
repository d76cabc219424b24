import "server-only";
import type { Sql } from "postgres";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";
import {
  sessionSummaryColumns,
  sessionSummaryFrom,
  toSessionSummary,
  viewerTimeZone,
  type TSessionListRow,
  type TSessionSummary,
} from "@/lib/sessions";

export type TAttentionSession = TSessionSummary & { meetingStartedAt: Date | null; meetingEndedAt: Date | null };

export type TAdminOverview = {
  timeZone: string;
  /** EARLY_END_SHORT with no resolution yet: not charged, waiting for an admin (/admin/early-ends). */
  earlyEnded: TAttentionSession[];
  /** Still SCHEDULED well after their charge time: the charge job is not keeping up or keeps failing on them. */
  overdueCharges: TSessionSummary[];
  recentCharges: TSessionSummary[];
};

// The job runs every minute; a session this late has missed several ticks.
const OVERDUE_AFTER_MS = 10 * 60_000;
const LIST_LIMIT = 50;

/** What an admin should look at, read as the admin under RLS (admins read every row). */
export async function getAdminOverview(options: { db: Sql; viewer: TAppViewer; now: Date }): Promise<TAdminOverview> {
  const { db, viewer, now } = options;
  return asUser(db, viewer, async (tx) => {
    const timeZone = await viewerTimeZone(tx, viewer.id);
    const earlyEnded = await tx<(TSessionListRow & { meeting_started_at: Date | null; meeting_ended_at: Date | null })[]>`
      select ${sessionSummaryColumns(tx)}, s.meeting_started_at, s.meeting_ended_at
      ${sessionSummaryFrom(tx)}
      where s.status = 'EARLY_END_SHORT' and s.early_end_resolution is null
      order by s.scheduled_end_at desc limit ${LIST_LIMIT}
    `;
    const overdue = await tx<TSessionListRow[]>`
      select ${sessionSummaryColumns(tx)} ${sessionSummaryFrom(tx)}
      where s.status = 'SCHEDULED' and s.charge_scheduled_at < ${new Date(now.getTime() - OVERDUE_AFTER_MS)}
      order by s.charge_scheduled_at limit ${LIST_LIMIT}
    `;
    const charged = await tx<TSessionListRow[]>`
      select ${sessionSummaryColumns(tx)} ${sessionSummaryFrom(tx)}
      where s.charged_at is not null
      order by s.charged_at desc limit ${LIST_LIMIT}
    `;
    return {
      timeZone,
      earlyEnded: earlyEnded.map((row) => ({
        ...toSessionSummary(row, viewer.role, now),
        meetingStartedAt: row.meeting_started_at,
        meetingEndedAt: row.meeting_ended_at,
      })),
      overdueCharges: overdue.map((row) => toSessionSummary(row, viewer.role, now)),
      recentCharges: charged.map((row) => toSessionSummary(row, viewer.role, now)),
    };
  });
}
