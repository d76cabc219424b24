import type { Metadata } from "next";
import { RequesterBookingPage } from "@/components/bookings/requester-booking-page";
import { bookingPageMetadata } from "@/lib/bookings/load-booking-page";

type TProps = { params: Promise<{ bookingId: string }> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  return bookingPageMetadata("parent", (await params).bookingId);
}

export default async function ParentBookingPage({ params }: TProps) {
  return <RequesterBookingPage role="parent" bookingId={(await params).bookingId} />;
}
