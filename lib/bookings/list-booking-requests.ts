import "server-only";
import type { Sql } from "postgres";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asUser } from "@/lib/db";
import { bookingSummarySelect, toBookingSummary, type TBookingSummaryRow, type TBookingSummary } from "@/lib/bookings/booking-summary";
import { viewerTimeZone } from "@/lib/sessions";

const REQUESTS_LIMIT = 200;

/**
 * The tutor's pending requests that can still happen (start in the future, deadline not passed),
 * soonest first, read under RLS. A request whose time has passed cannot become
 * a useful session, so it is not offered.
 */
export async function listBookingRequests(options: { db: Sql; viewer: TAppViewer; now: Date }): Promise<{
  timeZone: string;
  requests: TBookingSummary[];
}> {
  const { db, viewer, now } = options;
  return asUser(db, viewer, async (tx) => {
    const timeZone = await viewerTimeZone(tx, viewer.id);
    const rows = await tx<TBookingSummaryRow[]>`
      ${bookingSummarySelect(tx)}
      where b.tutor_id = ${viewer.id} and b.status = 'pending' and b.requested_start_at > ${now}
        and (b.expires_at is null or b.expires_at > ${now})
      order by b.requested_start_at
      limit ${REQUESTS_LIMIT}
    `;
    return { timeZone, requests: rows.map(toBookingSummary) };
  });
}
