"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { action } from "@/lib/api/action";
import { confirmBooking } from "@/lib/bookings/confirm-booking";
import { declineBooking, MAX_DECLINE_REASON_LENGTH } from "@/lib/bookings/decline-booking";
import { getDb } from "@/lib/db";

const ZBookingDecisionForm = z.object({ bookingId: z.guid("This request is not valid any more. Reload the page.") });

const ZDeclineBookingForm = ZBookingDecisionForm.extend({
  reason: z
    .string()
    .trim()
    .max(MAX_DECLINE_REASON_LENGTH, `The reason can be at most ${MAX_DECLINE_REASON_LENGTH} characters.`)
    .optional()
    .transform((reason) => reason || undefined),
});

/** The tutor confirms a request: the session and its meeting are created; the booking's page shows them. */
export const confirmBookingAction = action(
  { role: "tutor", schema: ZBookingDecisionForm, name: "confirmBooking", rateLimit: "write" },
  async ({ viewer, input }) => {
    await confirmBooking({ db: getDb(), viewer, bookingId: input.bookingId, now: new Date() });
    redirect(`/tutor/bookings/${input.bookingId}`);
  },
);

/** The tutor declines a request, with an optional reason the student sees; the booking's page shows "Declined". */
export const declineBookingAction = action(
  { role: "tutor", schema: ZDeclineBookingForm, name: "declineBooking", rateLimit: "write" },
  async ({ viewer, input }) => {
    await declineBooking({ db: getDb(), viewer, bookingId: input.bookingId, reason: input.reason, now: new Date() });
    redirect(`/tutor/bookings/${input.bookingId}`);
  },
);
