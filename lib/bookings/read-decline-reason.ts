import "server-only";
import type { Sql } from "postgres";
import { asUser, type Viewer } from "@/lib/db";

/**
 * The tutor's reason for declining a booking, as the viewer may read it (RLS decides:
 * its student, tutor, an approved parent, an admin). Null when there is none or the
 * booking is not visible.
 */
export async function readDeclineReason(options: { db: Sql; viewer: Viewer; bookingId: string }): Promise<string | null> {
  const { db, viewer, bookingId } = options;
  const [row] = await asUser(
    db,
    viewer,
    (tx) => tx<{ decline_reason: string | null }[]>`
    select decline_reason from public.bookings where id = ${bookingId} and status = 'declined'
  `,
  );
  return row?.decline_reason ?? null;
}
