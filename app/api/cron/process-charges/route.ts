import { NextResponse } from "next/server";
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { processDueCharges } from "@/lib/sessions";
import { syncGoogleMeetAttendance } from "@/lib/video/sync-google-meet-attendance";

// Vercel's limit for this function; the job stops taking batches well before it (CHARGE_TIME_BUDGET_MS).
export const maxDuration = 60;

/** GET /api/cron/process-charges with `Authorization: Bearer $CRON_SECRET` (Vercel cron, every minute). */
export const GET = route({ auth: "cron" }, async () => {
  const db = getDb();
  const now = new Date();
  // Google sends no Meet webhooks: read attendance of due Google sessions first, so the
  // early-end rule sees it. It isolates its own failures; charging never waits on Google.
  await syncGoogleMeetAttendance({ db, now });
  const result = await processDueCharges({ db, now });
  return NextResponse.json(
    {
      processed: result.processed,
      completed: result.completed,
      early_end: result.earlyEnd,
      failed: result.failed,
      released: result.released,
      duration_ms: result.durationMs,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
});
