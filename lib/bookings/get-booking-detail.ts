import "server-only";
import type { Sql } from "postgres";
import { z } from "zod";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";
import { bookingSummarySelect, toBookingSummary, type TBookingSummary, type TBookingSummaryRow } from "@/lib/bookings/booking-summary";
import { getSessionDetail, viewerTimeZone, type TSessionDetailView } from "@/lib/sessions";

export type TBookingDetail = TSessionDetailView & { timeZone: string; booking: TBookingSummary };

// Any 8-4-4-4-12 hex id Postgres accepts; anything else is simply "not found".
const ZBookingId = z.guid();

/**
 * A booking with its session, audit trail and the ledger lines the viewer may
 * see, or null when the id is malformed, unknown, or not the viewer's (RLS
 * decides: the page cannot tell those apart, and must not).
 */
export async function getBookingDetail(options: {
  db: Sql;
  viewer: TAppViewer;
  bookingId: string;
  now: Date;
}): Promise<TBookingDetail | null> {
  const { db, viewer, now } = options;
  const bookingId = ZBookingId.safeParse(options.bookingId);
  if (!bookingId.success) return null;
  const found = await asUser(db, viewer, async (tx) => {
    const [row] = await tx<TBookingSummaryRow[]>`${bookingSummarySelect(tx)} where b.id = ${bookingId.data}`;
    return row ? { booking: toBookingSummary(row), timeZone: await viewerTimeZone(tx, viewer.id) } : null;
  });
  if (!found) return null;
  const sessionDetail = await getSessionDetail({ db, viewer, bookingId: found.booking.id, now });
  return { ...found, ...sessionDetail };
}
