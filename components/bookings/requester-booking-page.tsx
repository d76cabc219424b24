import { withdrawBookingAction } from "@/app/bookings/actions";
import { BookingDetailView } from "@/components/bookings/booking-detail-view";
import { WithdrawRequestButton } from "@/components/bookings/withdraw-request-button";
import { loadBookingPage } from "@/lib/bookings/load-booking-page";

const BACK = {
  student: { href: "/student/sessions", label: "My sessions" },
  parent: { href: "/parent/sessions", label: "Sessions" },
} as const;

/** A booking's page for the side that asked for it (the student, or their parent): Withdraw while pending. */
export async function RequesterBookingPage({ role, bookingId }: { role: "student" | "parent"; bookingId: string }) {
  const { detail, now, declineReason } = await loadBookingPage(role, bookingId);
  return (
    <BookingDetailView
      detail={detail}
      role={role}
      now={now}
      back={BACK[role]}
      declineReason={declineReason}
      // shown only while the request is pending
      decision={
        <WithdrawRequestButton
          action={withdrawBookingAction}
          bookingId={detail.booking.id}
          description={`${detail.booking.subjectName} with ${detail.booking.tutorName ?? "your tutor"}. The tutor will no longer see it, and the time is free for others again.`}
        />
      }
    />
  );
}
