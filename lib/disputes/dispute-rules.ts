import { z } from "zod";
import type { TStoredSessionStatus } from "@/lib/sessions/shared";
import type { TDisputeKind } from "./evidence";

/**
 * The dispute rules (README "Disputes and refunds"), pure and safe in client components.
 *
 * Who may report: the payer's side of a charged lesson — its student, or an approved parent
 * (RLS and readVisibleSession say who that is) — while the payout is in escrow: before the
 * payout row's release_at and while it is still held. One report per lesson.
 *
 * Which lessons: COMPLETED_ASSUMED (something went wrong, or the tutor never came and the
 * charge job charged it anyway) and NO_SHOW_STUDENT (the student says they were there).
 * CANCELLED_LATE is not disputable here: no lesson took place, the fee is the cancellation
 * policy the payer accepted when booking, and its amount was shown before cancelling.
 * EARLY_END_SHORT is the admin's own queue; NO_SHOW_TUTOR is already refunded.
 *
 * The tutor may answer once, within RESPONSE_HOURS; an admin decides after the answer or
 * once the time is up.
 */

export const DISPUTE_KINDS = ["tutor_no_show", "lesson_problem"] as const satisfies readonly TDisputeKind[];
export const DISPUTE_KIND_LABELS: Record<TDisputeKind, string> = {
  tutor_no_show: "The tutor didn't show up",
  lesson_problem: "A problem with the lesson",
};
export const DISPUTE_STATUSES = ["accepted", "open", "responded", "resolved"] as const;
export type TDisputeStatus = (typeof DISPUTE_STATUSES)[number];
export const DISPUTE_STATUS_LABELS: Record<TDisputeStatus, string> = {
  accepted: "Accepted: refunded in full",
  open: "Waiting for the tutor's answer",
  responded: "Answered: waiting for an admin",
  resolved: "Resolved",
};
export const DISPUTE_OUTCOMES = ["refund_full", "refund_partial", "release"] as const;
export type TDisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];
export const DISPUTE_OUTCOME_LABELS: Record<TDisputeOutcome, string> = {
  refund_full: "refunded in full",
  refund_partial: "refunded in part",
  release: "payment released to the tutor",
};

export const DISPUTABLE_STATUSES = ["COMPLETED_ASSUMED", "NO_SHOW_STUDENT"] as const satisfies readonly TStoredSessionStatus[];
export const RESPONSE_HOURS = 48;
export const RESPONSE_MS = RESPONSE_HOURS * 60 * 60 * 1000;
export const MIN_DESCRIPTION_LENGTH = 10;
export const MAX_DESCRIPTION_LENGTH = 2000;
export const MAX_RESPONSE_LENGTH = 2000;
export const MIN_REASON_LENGTH = 3;
export const MAX_REASON_LENGTH = 2000;

export const ZOpenDispute = z.strictObject({
  kind: z.enum(DISPUTE_KINDS, "Choose what went wrong: tutor_no_show or lesson_problem."),
  description: z
    .string("Describe what happened.")
    .trim()
    .min(MIN_DESCRIPTION_LENGTH, `Describe what happened in at least ${MIN_DESCRIPTION_LENGTH} characters.`)
    .max(MAX_DESCRIPTION_LENGTH, `A description is at most ${MAX_DESCRIPTION_LENGTH} characters.`),
});
export type TOpenDispute = z.output<typeof ZOpenDispute>;

export const ZRespondToDispute = z.strictObject({
  response: z
    .string("Write your answer.")
    .trim()
    .min(1, "Write your answer.")
    .max(MAX_RESPONSE_LENGTH, `An answer is at most ${MAX_RESPONSE_LENGTH} characters.`),
});
export type TRespondToDispute = z.output<typeof ZRespondToDispute>;

export const ZDecisionReason = z
  .string("A reason is required.")
  .trim()
  .min(MIN_REASON_LENGTH, `A reason is required (at least ${MIN_REASON_LENGTH} characters).`)
  .max(MAX_REASON_LENGTH, `A reason is at most ${MAX_REASON_LENGTH} characters.`);

export const ZDecideDispute = z
  .strictObject({
    outcome: z.enum(DISPUTE_OUTCOMES, "Choose refund_full, refund_partial or release."),
    amount_cents: z.number().int("The amount is a whole number of cents.").positive("The amount must be more than zero.").nullish(),
    reason: ZDecisionReason,
  })
  .superRefine((value, context) => {
    if (value.outcome === "refund_partial" && (value.amount_cents === null || value.amount_cents === undefined)) {
      context.addIssue({ code: "custom", path: ["amount_cents"], message: "A partial refund needs amount_cents." });
    }
    if (value.outcome !== "refund_partial" && value.amount_cents !== null && value.amount_cents !== undefined) {
      context.addIssue({ code: "custom", path: ["amount_cents"], message: "Only a partial refund takes amount_cents." });
    }
  });
export type TDecideDispute = z.output<typeof ZDecideDispute>;

/** Why the viewer cannot open a dispute on this lesson now, or null when they can. */
export type TOpenRefusal = "not_payer" | "not_charged_yet" | "not_disputable" | "already_disputed" | "window_closed";

export function openDisputeRefusal(input: {
  relation: "tutor" | "student" | "parent" | "other";
  status: TStoredSessionStatus;
  /** The session's payout row: its escrow decides the window. Null when the lesson paid the tutor nothing. */
  payout: { status: "held" | "released" | "void" | "posted"; releaseAt: Date } | null;
  /** When there is no payout row: charged_at + the hold hours. */
  fallbackWindowEndsAt: Date | null;
  hasDispute: boolean;
  now: Date;
}): TOpenRefusal | null {
  if (input.relation !== "student" && input.relation !== "parent") return "not_payer";
  if (input.hasDispute) return "already_disputed";
  if (input.status === "SCHEDULED") return "not_charged_yet";
  if (!(DISPUTABLE_STATUSES as readonly string[]).includes(input.status)) return "not_disputable";
  const endsAt = disputeWindowEndsAt(input);
  if (!endsAt || input.now.getTime() >= endsAt.getTime()) return "window_closed";
  if (input.payout && input.payout.status !== "held") return "window_closed";
  return null;
}

/** The end of the dispute window: the payout's release time (or charge + hold when it has no payout row). */
export function disputeWindowEndsAt(input: { payout: { releaseAt: Date } | null; fallbackWindowEndsAt: Date | null }): Date | null {
  return input.payout?.releaseAt ?? input.fallbackWindowEndsAt;
}

export function respondByFor(openedAt: Date): Date {
  return new Date(openedAt.getTime() + RESPONSE_MS);
}

/** Why the tutor cannot answer now, or null. */
export function respondRefusal(
  dispute: { status: TDisputeStatus; respondBy: Date },
  now: Date,
): "already_responded" | "closed" | "too_late" | null {
  if (dispute.status === "responded") return "already_responded";
  if (dispute.status !== "open") return "closed";
  if (now.getTime() >= dispute.respondBy.getTime()) return "too_late";
  return null;
}

/** A dispute an admin can still decide: open (answered or not) or responded. */
export function isDisputeDecidable(status: TDisputeStatus): boolean {
  return status === "open" || status === "responded";
}

/** A dispute that affects the lesson's rating: unresolved, accepted, or decided with a refund (public.is_session_ratable). */
export function isRatingBlockedByDispute(dispute: { status: TDisputeStatus; outcome: TDisputeOutcome | null } | null): boolean {
  if (!dispute) return false;
  return dispute.status !== "resolved" || dispute.outcome === "refund_full" || dispute.outcome === "refund_partial";
}
