import { NextResponse } from "next/server";
import { readJson, route } from "@/lib/api/handler";
import { getTutorAvailabilitySettings } from "@/lib/availability/get-tutor-availability-settings";
import { saveTutorAvailability } from "@/lib/availability/save-tutor-availability";
import { getDb } from "@/lib/db";
import { availabilityJson, savedAvailabilityJson } from "./availability-json";

/** GET /api/tutor/availability: the tutor's own weekly rules, overrides, settings, zone and bookability. */
export const GET = route({ auth: "user" }, async ({ viewer }) => {
  const settings = await getTutorAvailabilitySettings({ db: getDb(), viewer, now: new Date() });
  return NextResponse.json(availabilityJson(settings), { headers: { "Cache-Control": "no-store" } });
});

/** PUT /api/tutor/availability: replaces the whole document (validated as a whole) → it, saved, and next week's open slots. */
export const PUT = route({ auth: "user", rateLimit: "write" }, async ({ request, viewer }) => {
  const saved = await saveTutorAvailability({ db: getDb(), viewer, input: await readJson(request), now: new Date() });
  return NextResponse.json(savedAvailabilityJson(saved), { headers: { "Cache-Control": "no-store" } });
});
