"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getViewer } from "@/lib/auth/get-viewer";
import { confirmBooking } from "@/lib/bookings/confirm-booking";
import { declineBooking } from "@/lib/bookings/decline-booking";
import { getDb } from "@/lib/db";
import { invalidInput, toActionError } from "@/lib/format/action-error";
import type { TActionState } from "@/lib/format/action-state";

const ZBookingDecisionForm = z.object({ bookingId: z.guid() });

type TDecide = typeof confirmBooking | typeof declineBooking;

/**
 * Both decisions: parse the form, call the one domain function as the signed-in
 * tutor, and land on the booking's page, which shows the outcome (the session
 * and its link rules after Confirm, "Declined" after Decline).
 */
async function decide(decision: TDecide, name: string, formData: FormData): Promise<TActionState> {
  const viewer = await getViewer();
  if (!viewer || viewer.role !== "tutor") {
    return { status: "error", code: "unauthorized", message: "Sign in as the booking's tutor to answer this request." };
  }
  const parsed = ZBookingDecisionForm.safeParse({ bookingId: formData.get("bookingId") });
  if (!parsed.success) return invalidInput("This request is not valid any more. Reload the page.");
  try {
    await decision({ db: getDb(), viewer, bookingId: parsed.data.bookingId, now: new Date() });
  } catch (error) {
    return toActionError(error, name);
  }
  // Outside the try: redirect() works by throwing.
  redirect(`/tutor/bookings/${parsed.data.bookingId}`);
}

export async function confirmBookingAction(_previous: TActionState, formData: FormData): Promise<TActionState> {
  return decide(confirmBooking, "confirmBooking", formData);
}

export async function declineBookingAction(_previous: TActionState, formData: FormData): Promise<TActionState> {
  return decide(declineBooking, "declineBooking", formData);
}
