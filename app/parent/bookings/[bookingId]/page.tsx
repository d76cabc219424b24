import type { Metadata } from "next";
import { BookingDetailView } from "@/components/bookings/booking-detail-view";
import { WithdrawRequestButton } from "@/components/bookings/withdraw-request-button";
import { bookingPageMetadata, loadBookingPage } from "@/lib/bookings/load-booking-page";
import { withdrawBookingAction } from "@/app/bookings/actions";

type TProps = { params: Promise<{ bookingId: string }> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  return bookingPageMetadata("parent", (await params).bookingId);
}

export default async function ParentBookingPage({ params }: TProps) {
  const { detail, now, declineReason } = await loadBookingPage("parent", (await params).bookingId);
  return (
    <BookingDetailView
      detail={detail}
      role="parent"
      now={now}
      back={{ href: "/parent/sessions", label: "Sessions" }}
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
