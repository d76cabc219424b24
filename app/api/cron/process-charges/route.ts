import { NextResponse } from "next/server";
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { expireStaleRequests } from "@/lib/jobs/expire-stale-requests";
import { purgeUnmatchedProviderEvents } from "@/lib/jobs/purge-unmatched-provider-events";
import { retryMeetingDeletions } from "@/lib/jobs/retry-meeting-deletions";
import { runRescheduleJobs } from "@/lib/jobs/run-reschedule-jobs";
import { refreshNextSlots } from "@/lib/jobs/refresh-next-slots";
import { syncAttendance } from "@/lib/jobs/sync-attendance";
import { deliverDueNotifications } from "@/lib/notifications/deliver-due-notifications";
import { COLLECT_TIME_BUDGET_MS, collectDuePayments } from "@/lib/payments/collect-due-charges";
import { getPaymentProvider } from "@/lib/payments/providers";
import { rateLimiterFor } from "@/lib/payments/rate-limiter";
import { TRANSFER_TIME_BUDGET_MS, transferReleasedPayouts } from "@/lib/payments/transfer-released-payouts";
import { processDueCharges } from "@/lib/sessions";

// Vercel's limit for this function; each step stops well before it (CHARGE_TIME_BUDGET_MS, ATTENDANCE_TIME_BUDGET_MS,
// DELIVERY_TIME_BUDGET_MS, COLLECT_TIME_BUDGET_MS, TRANSFER_TIME_BUDGET_MS).
export const maxDuration = 60;
/** The payment steps end by this point of the tick, leaving the video-provider steps their share of maxDuration. */
const PAYMENTS_DEADLINE_MS = 52_000;

/** GET /api/cron/process-charges with `Authorization: Bearer $CRON_SECRET` (Vercel cron, every minute). */
export const GET = route({ auth: "cron" }, async () => {
  const db = getDb();
  const now = new Date();
  const startedAt = performance.now();
  // Charges first: they never wait on a provider. Meet sessions whose attendance is not read
  // yet are left for a later tick (up to the attendance grace), so the read comes after.
  const result = await processDueCharges({ db, now });
  // Stale booking requests stop holding their slot (README "Booking rules").
  const requests = await expireStaleRequests({ db, now });
  // After charges, so this tick's receipts go out with it; its own budget (DELIVERY_TIME_BUDGET_MS).
  const notifications = await deliverDueNotifications({ db, now });
  // Money at the payment provider, after the ledger rows this tick wrote: charges and refunds, then
  // tutors' transfers; one rate limiter for both (README "Payments"), each step with its own budget.
  const provider = getPaymentProvider();
  const limiter = rateLimiterFor(provider);
  // After a long charge backlog (CHARGE_TIME_BUDGET_MS) they shrink to what is left of PAYMENTS_DEADLINE_MS; the rest waits a tick.
  const budgetLeft = (cap: number) => Math.max(0, Math.min(cap, PAYMENTS_DEADLINE_MS - (performance.now() - startedAt)));
  const collection = await collectDuePayments({ db, provider, now, limiter, timeBudgetMs: budgetLeft(COLLECT_TIME_BUDGET_MS) });
  const transfers = await transferReleasedPayouts({ db, provider, now, limiter, timeBudgetMs: budgetLeft(TRANSFER_TIME_BUDGET_MS) });
  const nextSlots = await refreshNextSlots({ db, now });
  await purgeUnmatchedProviderEvents({ db });
  // The steps that call video providers come last, so a slow provider never delays the database-only steps above.
  const attendance = await syncAttendance({ db, now });
  const meetingDeletions = await retryMeetingDeletions({ db, now });
  const reschedule = await runRescheduleJobs({ db, now });
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
      meeting_deletions: meetingDeletions,
      reschedule,
      notifications: { sent: notifications.sent, failed: notifications.failed, dead: notifications.dead, skipped: notifications.skipped },
      payments: {
        collected: collection.collected,
        action_required: collection.actionRequired,
        failed: collection.failed + transfers.failed,
        refunded: collection.refunded,
        transferred: transfers.transferred,
        awaiting_payee: transfers.awaitingPayee,
        rate_limited: collection.rateLimited + transfers.rateLimited,
      },
      expired_requests: requests.expired,
      next_slots_refreshed: nextSlots.refreshed,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
});
