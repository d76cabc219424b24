import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { BookingDetailView } from "@/components/bookings/booking-detail-view";
import { requireRole } from "@/lib/auth/require-role";
import { readDeclineReason } from "@/lib/bookings/read-decline-reason";
import { getDb } from "@/lib/db";
import { getBookingDetail } from "@/lib/bookings/get-booking-detail";
import { bookingTitle } from "@/lib/format/booking-title";

// The title and the page share one read (and one `now`) per request.
const loadBooking = cache(async (bookingId: string) => {
  const viewer = await requireRole("student");
  const now = new Date();
  const detail = await getBookingDetail({ db: getDb(), viewer, bookingId, now });
  if (!detail) notFound();
  const declineReason = detail.booking.status === "declined" ? await readDeclineReason({ db: getDb(), viewer, bookingId }) : null;
  return { detail, now, declineReason };
});

export async function generateMetadata({ params }: { params: Promise<{ bookingId: string }> }): Promise<Metadata> {
  const { detail } = await loadBooking((await params).bookingId);
  const startAt = detail.session?.scheduledStartAt ?? detail.booking.startAt;
  return { title: bookingTitle("student", { ...detail.booking, startAt }, detail.timeZone) };
}

export default async function StudentBookingPage({ params }: { params: Promise<{ bookingId: string }> }) {
  const { detail, now, declineReason } = await loadBooking((await params).bookingId);
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
