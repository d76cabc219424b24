import "server-only";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { requireRole } from "@/lib/auth/require-role";
import { getBookingDetail } from "@/lib/bookings/get-booking-detail";
import { readDeclineReason } from "@/lib/bookings/read-decline-reason";
import { getDb } from "@/lib/db";
import { bookingTitle } from "@/lib/format/booking-title";

type TBookingPageRole = "student" | "tutor" | "parent";

/**
 * A booking page's data for its student, tutor or parent: the title and the page share this one
 * cached read (and one `now`) per request. Not the viewer's booking (or not a booking) → 404.
 */
export const loadBookingPage = cache(async (role: TBookingPageRole, bookingId: string) => {
  const viewer = await requireRole(role);
  const now = new Date();
  const detail = await getBookingDetail({ db: getDb(), viewer, bookingId, now });
  if (!detail) notFound();
  const declineReason = detail.booking.status === "declined" ? await readDeclineReason({ db: getDb(), viewer, bookingId }) : null;
  return { detail, now, declineReason };
});

/** "Mathematics with Tara Tutor · Tue 1 Dec", in the viewer's zone. */
export async function bookingPageMetadata(role: TBookingPageRole, bookingId: string): Promise<Metadata> {
  const { detail } = await loadBookingPage(role, bookingId);
  const startAt = detail.session?.scheduledStartAt ?? detail.booking.startAt;
  return { title: bookingTitle(role, { ...detail.booking, startAt }, detail.timeZone) };
}
