import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BookingDecision } from "@/components/bookings/booking-decision";
import { BookingDetailView } from "@/components/bookings/booking-detail-view";
import { requireRole } from "@/lib/auth/require-role";
import { getDb } from "@/lib/db";
import { getBookingDetail } from "@/lib/bookings/get-booking-detail";
import { confirmBookingAction, declineBookingAction } from "../actions";

export const metadata: Metadata = { title: "Session" };

export default async function TutorBookingPage({ params }: { params: Promise<{ bookingId: string }> }) {
  const viewer = await requireRole("tutor");
  const { bookingId } = await params;
  const now = new Date();
  const detail = await getBookingDetail({ db: getDb(), viewer, bookingId, now });
  if (!detail) notFound();
  const isPending = detail.booking.status === "pending";
  return (
    <BookingDetailView
      detail={detail}
      role="tutor"
      now={now}
      back={isPending ? { href: "/tutor/bookings", label: "Booking requests" } : { href: "/tutor/sessions", label: "My sessions" }}
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
