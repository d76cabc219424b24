import "server-only";
import type { Sql } from "postgres";
import { expireRescheduleProposals } from "@/lib/jobs/expire-reschedule-proposals";
import { updateRescheduledMeetings } from "@/lib/jobs/update-rescheduled-meetings";

/** The cron tick's reschedule step: lapse stale proposals, then retry meeting moves that failed. */
export async function runRescheduleJobs(options: { db: Sql; now: Date }): Promise<{
  proposals_expired: number;
  meetings_updated: number;
  meetings_failed: number;
}> {
  const { expired } = await expireRescheduleProposals(options);
  const { updated, failed } = await updateRescheduledMeetings(options);
  return { proposals_expired: expired, meetings_updated: updated, meetings_failed: failed };
}
