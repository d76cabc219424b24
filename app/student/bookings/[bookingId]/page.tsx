import type { Metadata } from "next";
import { BookingDetailView } from "@/components/bookings/booking-detail-view";
import { WithdrawRequestButton } from "@/components/bookings/withdraw-request-button";
import { bookingPageMetadata, loadBookingPage } from "@/lib/bookings/load-booking-page";
import { withdrawBookingAction } from "@/app/bookings/actions";

type TProps = { params: Promise<{ bookingId: string }> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  return bookingPageMetadata("student", (await params).bookingId);
}

export default async function StudentBookingPage({ params }: TProps) {
  const { detail, now, declineReason } = await loadBookingPage("student", (await params).bookingId);
  return (
    <BookingDetailView
      detail={detail}
      role="student"
      now={now}
      back={{ href: "/student/sessions", label: "My sessions" }}
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
