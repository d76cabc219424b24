import type { TDisplaySessionStatus } from "@/lib/sessions/shared";

/** What each shown status is called (the status itself comes from displaySessionStatus). */
export const SESSION_STATUS_LABELS: Record<TDisplaySessionStatus, string> = {
  SCHEDULED: "Scheduled",
  JOIN_OPEN: "Join open",
  AWAITING_CHARGE: "Awaiting charge",
  COMPLETED_ASSUMED: "Completed",
  NO_SHOW_STUDENT: "No-show",
  NO_SHOW_TUTOR: "Tutor no-show",
  EARLY_END_SHORT: "Ended early",
  CANCELLED: "Cancelled",
  CANCELLED_LATE: "Cancelled late",
};
