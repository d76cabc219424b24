import { z } from "zod";

/** `POST /api/bookings` and the profile page's booking form (issue 9). Client-safe. */
export const ZRequestBooking = z.strictObject({
  tutor_id: z.uuid(),
  subject_id: z.uuid(),
  /** An ISO instant, e.g. "2026-12-03T14:00:00Z"; must be one of the slots the engine offers. */
  start_at: z.iso.datetime({ offset: true }),
  duration_minutes: z.number().int().min(15).max(180),
  note: z.string().trim().max(1000).optional(),
  /** When a parent books for an approved child. */
  student_id: z.uuid().optional(),
});
export type TRequestBooking = z.infer<typeof ZRequestBooking>;

/** What a new request answers with (201). `session_id` is set when instant booking confirmed it at once. */
export type TRequestedBooking = {
  id: string;
  status: "pending" | "confirmed";
  tutor_id: string;
  student_id: string;
  subject_id: string;
  start_at: string;
  end_at: string;
  duration_minutes: number;
  price_cents: number;
  currency: string;
  expires_at: string | null;
  session_id: string | null;
};
