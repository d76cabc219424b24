import type { Metadata } from "next";
import { BookingDetailView } from "@/components/bookings/booking-detail-view";
import { bookingPageMetadata, loadBookingPage } from "@/lib/bookings/load-booking-page";

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
    />
  );
}
