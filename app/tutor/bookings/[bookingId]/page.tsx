import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { BookingDecision } from "@/components/bookings/booking-decision";
import { BookingDetailView } from "@/components/bookings/booking-detail-view";
import { requireRole } from "@/lib/auth/require-role";
import { readDeclineReason } from "@/lib/bookings/read-decline-reason";
import { getDb } from "@/lib/db";
import { getBookingDetail } from "@/lib/bookings/get-booking-detail";
import { serverEnv } from "@/lib/env/server-env";
import { bookingTitle } from "@/lib/format/booking-title";
import { enabledVideoProviders, PROVIDER_LABELS } from "@/lib/video/enabled-providers";
import { confirmBookingAction, declineBookingAction } from "../actions";

// The title and the page share one read (and one `now`) per request.
const loadBooking = cache(async (bookingId: string) => {
  const viewer = await requireRole("tutor");
  const now = new Date();
  const detail = await getBookingDetail({ db: getDb(), viewer, bookingId, now });
  if (!detail) notFound();
  const declineReason = detail.booking.status === "declined" ? await readDeclineReason({ db: getDb(), viewer, bookingId }) : null;
  return { detail, now, declineReason };
});

export async function generateMetadata({ params }: { params: Promise<{ bookingId: string }> }): Promise<Metadata> {
  const { detail } = await loadBooking((await params).bookingId);
  const startAt = detail.session?.scheduledStartAt ?? detail.booking.startAt;
  return { title: bookingTitle("tutor", { ...detail.booking, startAt }, detail.timeZone) };
}

export default async function TutorBookingPage({ params }: { params: Promise<{ bookingId: string }> }) {
  const { detail, now, declineReason } = await loadBooking((await params).bookingId);
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
          providerLabels={enabledVideoProviders(serverEnv()).map((provider) => PROVIDER_LABELS[provider])}
        />
      }
    />
  );
}
