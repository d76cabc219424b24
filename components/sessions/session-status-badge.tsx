import { Badge, type TBadgeTone } from "@/components/ui/badge";
import { SESSION_STATUS_LABELS } from "@/lib/format/session-status";
import type { TDisplaySessionStatus } from "@/lib/sessions/shared";

const TONES: Record<TDisplaySessionStatus, TBadgeTone> = {
  SCHEDULED: "neutral",
  JOIN_OPEN: "info",
  AWAITING_CHARGE: "warning",
  COMPLETED_ASSUMED: "success",
  NO_SHOW_STUDENT: "danger",
  NO_SHOW_TUTOR: "danger",
  EARLY_END_SHORT: "warning",
  CANCELLED: "muted",
  CANCELLED_LATE: "muted",
};

/** The status a person sees, as decided by displaySessionStatus. */
export function SessionStatusBadge({ status }: { status: TDisplaySessionStatus }) {
  return (
    <Badge tone={TONES[status]} testId="session-status">
      {SESSION_STATUS_LABELS[status]}
    </Badge>
  );
}
