import { NextResponse } from "next/server";
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { purgeUnmatchedProviderEvents } from "@/lib/jobs/purge-unmatched-provider-events";
import { refreshNextSlots } from "@/lib/jobs/refresh-next-slots";
import { syncAttendance } from "@/lib/jobs/sync-attendance";
import { processDueCharges } from "@/lib/sessions";

// Vercel's limit for this function; each step stops well before it (CHARGE_TIME_BUDGET_MS, ATTENDANCE_TIME_BUDGET_MS).
export const maxDuration = 60;

/** GET /api/cron/process-charges with `Authorization: Bearer $CRON_SECRET` (Vercel cron, every minute). */
export const GET = route({ auth: "cron" }, async () => {
  const db = getDb();
  const now = new Date();
  // Charges first: they never wait on a provider. Meet sessions whose attendance is not read
  // yet are left for a later tick (up to the attendance grace), so the read comes after.
  const result = await processDueCharges({ db, now });
  const attendance = await syncAttendance({ db, now });
  await purgeUnmatchedProviderEvents({ db });
  const nextSlots = await refreshNextSlots({ db, now });
  return NextResponse.json(
    {
      processed: result.processed,
      completed: result.completed,
      early_end: result.earlyEnd,
      failed: result.failed,
      released: result.released,
      duration_ms: result.durationMs,
      attendance_unknown: result.attendanceUnknown,
      attendance,
      next_slots_refreshed: nextSlots.refreshed,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
});
