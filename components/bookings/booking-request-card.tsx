import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { DetailList, type TDetailItem } from "@/components/ui/detail-list";
import { LocalTime } from "@/components/ui/local-time";
import { Money } from "@/components/ui/money";
import type { TRole } from "@/lib/auth/roles";
import { formatDuration } from "@/lib/format/date-time";
import type { TBookingSummary } from "@/lib/bookings/booking-summary";

const STATUS_NOTES: Record<TBookingSummary["status"], Partial<Record<TRole, string>> & { default: string }> = {
  pending: { default: "Waiting for the tutor to confirm.", tutor: "Confirm to create the session and its meeting link, or decline." },
  confirmed: { default: "Confirmed. The session is being prepared." },
  declined: { default: "The tutor declined this request.", tutor: "You declined this request." },
  cancelled: { default: "This booking was cancelled." },
  withdrawn: { default: "This request was withdrawn before the tutor decided.", tutor: "The student withdrew this request." },
  expired: {
    default: "The tutor did not answer in time, so this request expired. The slot is free again: book another time.",
    tutor: "This request expired before you answered it.",
  },
};

/** A booking that has no session (yet): the request itself, and the tutor's decision when pending. */
export function BookingRequestCard({
  booking,
  role,
  timeZone,
  decision,
  declineReason,
}: {
  booking: TBookingSummary;
  role: TRole;
  timeZone: string;
  decision?: ReactNode;
  /** The tutor's words when declining (bookings.decline_reason), shown to everyone who sees the booking. */
  declineReason?: string | null;
}) {
  const notes = STATUS_NOTES[booking.status];
  const items: TDetailItem[] = [
    { term: "Requested time", detail: <LocalTime date={booking.startAt} timeZone={timeZone} /> },
    { term: "Duration", detail: formatDuration(booking.durationMinutes) },
    { term: "Price", detail: <Money cents={booking.priceCents} currency={booking.currency} /> },
    { term: "Requested on", detail: <LocalTime date={booking.createdAt} timeZone={timeZone} /> },
  ];
  if (booking.status === "pending" && booking.expiresAt) {
    items.push({ term: "Tutor answers by", detail: <LocalTime date={booking.expiresAt} timeZone={timeZone} /> });
  }
  if (booking.note) items.push({ term: "Note", detail: booking.note });
  if (booking.decidedAt) items.push({ term: "Decided on", detail: <LocalTime date={booking.decidedAt} timeZone={timeZone} /> });
  return (
    <Card title="Booking request" titleId="booking-request-title">
      <div className="flex flex-col gap-4">
        <p className="text-sm text-slate-700">{notes[role] ?? notes.default}</p>
        {booking.status === "declined" && declineReason ? (
          <p
            className="whitespace-pre-line break-words rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-900"
            data-testid="decline-reason"
          >
            Declined: {declineReason}
          </p>
        ) : null}
        <DetailList items={items} />
        {decision}
      </div>
    </Card>
  );
}
