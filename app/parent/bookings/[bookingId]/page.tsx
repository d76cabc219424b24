import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BookingDetailView } from "@/components/bookings/booking-detail-view";
import { requireRole } from "@/lib/auth/require-role";
import { getDb } from "@/lib/db";
import { getBookingDetail } from "@/lib/bookings/get-booking-detail";

export const metadata: Metadata = { title: "Session" };

export default async function ParentBookingPage({ params }: { params: Promise<{ bookingId: string }> }) {
  const viewer = await requireRole("parent");
  const { bookingId } = await params;
  const now = new Date();
  const detail = await getBookingDetail({ db: getDb(), viewer, bookingId, now });
  if (!detail) notFound();
  return <BookingDetailView detail={detail} role="parent" now={now} back={{ href: "/parent/sessions", label: "Sessions" }} />;
}
