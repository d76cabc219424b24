"use server";

import { refresh } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/api/action";
import { withdrawBooking } from "@/lib/bookings/withdraw-booking";
import { getDb } from "@/lib/db";

const ZWithdrawBookingForm = z.object({ bookingId: z.guid("This request is not valid any more. Reload the page.") });

/** "Withdraw request" in My Classes and on a request's page: the student or their parent takes it back. */
export const withdrawBookingAction = action(
  { role: ["student", "parent"], schema: ZWithdrawBookingForm, name: "withdrawBooking", rateLimit: "write" },
  async ({ viewer, input }) => {
    const { isChanged } = await withdrawBooking({ db: getDb(), viewer, bookingId: input.bookingId, now: new Date() });
    refresh();
    return {
      status: "done",
      message: isChanged ? "Withdrawn: the tutor no longer sees this request." : "This request was already withdrawn.",
    };
  },
);
