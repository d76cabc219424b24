import type { Metadata } from "next";
import { RequesterBookingPage } from "@/components/bookings/requester-booking-page";
import { bookingPageMetadata } from "@/lib/bookings/load-booking-page";

type TProps = { params: Promise<{ bookingId: string }> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  return bookingPageMetadata("student", (await params).bookingId);
}

export default async function StudentBookingPage({ params }: TProps) {
  return <RequesterBookingPage role="student" bookingId={(await params).bookingId} />;
}
