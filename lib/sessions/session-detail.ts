import { noShowSplit, type TSplit } from "@/lib/payments/split";
import { joinWindowOpensAt, noShowAvailableAt } from "@/lib/sessions/rules";
import type { TSessionSummary } from "@/lib/sessions/session-summary";

/** The instants the session rules produce (README "Session rules"). */
export type TSessionRuleTimes = {
  joinOpensAt: Date;
  noShowAvailableAt: Date;
  chargeAt: Date;
  noShowWaitMinutes: number;
  minPayableMinutes: number;
};

export type TSessionDetail = TSessionSummary & {
  rules: TSessionRuleTimes;
  /** Exactly what a no-show would move, from the split frozen on this session; null for a viewer who may not see the payout. */
  noShowPreview: TSplit | null;
  studentJoinedAt: Date | null;
  tutorJoinedAt: Date | null;
  markedNoShowAt: Date | null;
  meetingStartedAt: Date | null;
  meetingEndedAt: Date | null;
};

export type TSessionDetailColumns = {
  min_payable_minutes: number;
  charge_scheduled_at: Date;
  tutor_joined_at: Date | null;
  marked_no_show_at: Date | null;
  meeting_started_at: Date | null;
  meeting_ended_at: Date | null;
  student_joined_at: Date | null;
};

export function toSessionDetail(row: TSessionDetailColumns, summary: TSessionSummary): TSessionDetail {
  const { completionPayoutBps, noShowChargeBps, noShowPayoutBps } = summary.splitBps;
  return {
    ...summary,
    rules: {
      joinOpensAt: joinWindowOpensAt(summary),
      noShowAvailableAt: noShowAvailableAt(summary),
      chargeAt: row.charge_scheduled_at,
      noShowWaitMinutes: summary.noShowWaitMinutes,
      minPayableMinutes: row.min_payable_minutes,
    },
    noShowPreview:
      completionPayoutBps === null || noShowPayoutBps === null
        ? null
        : noShowSplit(summary.priceCents, { completionPayoutBps, noShowChargeBps, noShowPayoutBps }),
    studentJoinedAt: row.student_joined_at,
    tutorJoinedAt: row.tutor_joined_at,
    markedNoShowAt: row.marked_no_show_at,
    meetingStartedAt: row.meeting_started_at,
    meetingEndedAt: row.meeting_ended_at,
  };
}
