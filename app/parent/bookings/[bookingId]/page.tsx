import type { Metadata } from "next";
import { BookingDetailView } from "@/components/bookings/booking-detail-view";
import { bookingPageMetadata, loadBookingPage } from "@/lib/bookings/load-booking-page";

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
    />
  );
}
