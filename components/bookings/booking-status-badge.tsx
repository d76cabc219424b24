import { Badge, type TBadgeTone } from "@/components/ui/badge";
import type { TBookingStatus } from "@/lib/bookings/booking-row";

const BOOKING_STATUS: Record<TBookingStatus, { label: string; tone: TBadgeTone }> = {
  pending: { label: "Pending", tone: "warning" },
  confirmed: { label: "Confirmed", tone: "success" },
  declined: { label: "Declined", tone: "muted" },
  cancelled: { label: "Cancelled", tone: "muted" },
  withdrawn: { label: "Withdrawn", tone: "muted" },
  expired: { label: "Expired", tone: "muted" },
};

export function BookingStatusBadge({ status }: { status: TBookingStatus }) {
  const { label, tone } = BOOKING_STATUS[status];
  return (
    <Badge tone={tone} testId="booking-status">
      {label}
    </Badge>
  );
}
