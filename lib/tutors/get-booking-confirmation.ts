import "server-only";
import { z } from "zod";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { bookingSummarySelect, toBookingSummary, type TBookingSummary } from "@/lib/bookings/booking-summary";
import { asUser, type Db } from "@/lib/db";
import { viewerTimeZone } from "@/lib/sessions";

export type TBookingConfirmation = { booking: TBookingSummary; expiresAt: Date | null; timeZone: string };

/** What the page after "Book" shows: the request as the viewer may read it (RLS), or null (unknown / not theirs). */
export async function getBookingConfirmation(options: {
  db: Db;
  viewer: TAppViewer;
  bookingId: string;
}): Promise<TBookingConfirmation | null> {
  const { db, viewer } = options;
  if (!z.guid().safeParse(options.bookingId).success) return null;
  return asUser(db, viewer, async (tx) => {
    const [row] = await tx`${bookingSummarySelect(tx)} where b.id = ${options.bookingId}`;
    if (!row) return null;
    const [deadline] = await tx<{ expires_at: Date | null }[]>`select expires_at from public.bookings where id = ${options.bookingId}`;
    return {
      booking: toBookingSummary(row as Parameters<typeof toBookingSummary>[0]),
      expiresAt: deadline?.expires_at ?? null,
      timeZone: await viewerTimeZone(tx, viewer.id),
    };
  });
}
