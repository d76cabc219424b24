"use server";

import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { action } from "@/lib/api/action";
import { requestBooking } from "@/lib/bookings/request-booking";
import { ZRequestBooking } from "@/lib/bookings/request-booking-schema";
import { getDb } from "@/lib/db";
import { getProfile } from "@/lib/profiles/get-profile";
import { updateProfile } from "@/lib/profiles/update-profile";

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** The profile page's booking form: FormData strings into the request's own schema. */
const ZRequestBookingForm = z
  .object({
    tutor_id: z.string(),
    subject_id: z.string(),
    start_at: z.string(),
    duration_minutes: z.coerce.number(),
    note: z.preprocess(blankToUndefined, z.string().optional()),
    student_id: z.preprocess(blankToUndefined, z.string().optional()),
  })
  .pipe(ZRequestBooking);

/** A student (or a parent for a linked child) requests a slot; on success the confirmation page. */
export const requestBookingAction = action(
  { role: ["student", "parent"], schema: ZRequestBookingForm, name: "requestBooking", rateLimit: "write", requireLiveSession: true },
  async ({ viewer, input }) => {
    const booking = await requestBooking({ db: getDb(), viewer, input, now: new Date() });
    redirect(`/bookings/${booking.id}/requested`);
  },
);

const ZSwitchZoneForm = z.object({ timezone: z.string().min(1).max(64) });

/** The viewer adopts their browser's zone as their profile's (the banner on browse pages). */
export const switchTimeZoneAction = action(
  { role: ["student", "parent", "tutor", "admin"], schema: ZSwitchZoneForm, name: "switchTimeZone", rateLimit: "write" },
  async ({ viewer, input }) => {
    const db = getDb();
    const { fullName } = await getProfile({ db, viewer });
    const profile = await updateProfile({ db, viewer, profile: { fullName, timezone: input.timezone } });
    refresh();
    return { status: "done", message: `Times are now shown in ${profile.timezone.replaceAll("_", " ")}.` };
  },
);
