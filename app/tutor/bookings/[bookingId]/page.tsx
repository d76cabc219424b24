import type { Metadata } from "next";
import { BookingDecision } from "@/components/bookings/booking-decision";
import { BookingDetailView } from "@/components/bookings/booking-detail-view";
import { bookingPageMetadata, loadBookingPage } from "@/lib/bookings/load-booking-page";
import { confirmBookingAction, declineBookingAction } from "../actions";

type TProps = { params: Promise<{ bookingId: string }> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  return bookingPageMetadata("tutor", (await params).bookingId);
}

export default async function TutorBookingPage({ params }: TProps) {
  const { detail, now, declineReason } = await loadBookingPage("tutor", (await params).bookingId);
  const isPending = detail.booking.status === "pending";
  return (
    <BookingDetailView
      detail={detail}
      role="tutor"
      now={now}
      back={isPending ? { href: "/tutor/bookings", label: "Booking requests" } : { href: "/tutor/sessions", label: "My sessions" }}
      declineReason={declineReason}
      decision={
        <BookingDecision
          bookingId={detail.booking.id}
          label={`${detail.booking.subjectName} request from ${detail.booking.studentName ?? "a student"}`}
          confirmAction={confirmBookingAction}
          declineAction={declineBookingAction}
        />
      }
    />
  );
}
