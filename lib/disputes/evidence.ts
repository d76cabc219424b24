/**
 * The evidence rule for a "the tutor didn't show" report (README "Disputes and refunds"), pure.
 * Attendance comes from the app's join route and the video providers' participant events, both
 * written to sessions.student_joined_at / tutor_joined_at while the lesson is SCHEDULED; a provider
 * event that arrives after the lesson was settled is still in its audit trail (session_events),
 * and counts as evidence of the tutor too. The report is accepted at once only when the record
 * is one-sided: the student joined, and nothing at all says the tutor did. Anything else (nobody
 * joined, both joined, a provider saw the tutor) is for the tutor to answer and an admin to decide.
 */

export type TJoinEvidence = {
  studentJoinedAt: Date | null;
  tutorJoinedAt: Date | null;
  /** A provider reported the tutor in the meeting (a Zoom participant or Meet attendance event naming the tutor). */
  isTutorSeenByProvider: boolean;
};

export type TDisputeKind = "tutor_no_show" | "lesson_problem";

/** The student was there and the tutor never was, by every source we have. */
export function isTutorNoShowEvident(evidence: TJoinEvidence): boolean {
  return evidence.studentJoinedAt !== null && evidence.tutorJoinedAt === null && !evidence.isTutorSeenByProvider;
}

/** How a new report starts: `accepted` (refunded in full at once) or `open` (the tutor may respond). */
export function initialDisputeStatus(kind: TDisputeKind, evidence: TJoinEvidence): "accepted" | "open" {
  return kind === "tutor_no_show" && isTutorNoShowEvident(evidence) ? "accepted" : "open";
}
