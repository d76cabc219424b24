import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService } from "@/lib/db";
import { formatInTimeZone } from "@/lib/format/date-time";
import { deferAttemptRetry } from "@/lib/payments/attempt-outcomes";
import { ensurePayerCustomer } from "@/lib/payments/ensure-payer-customer";
import type { PaymentProvider } from "@/lib/payments/providers/types";
import { askProvider } from "@/lib/payments/provider-app-error";
import { readPayableAttempt } from "@/lib/payments/read-payable-attempt";

/** Attempts the payer can settle on-session: a decline or authentication, or one given up on (admin queue). */
const PAYABLE_STATUSES = new Set(["action_required", "failed"]);
/** A hosted Checkout is open this long (Stripe's default: 24 hours); the job does not retry off-session meanwhile. */
const CHECKOUT_LIFETIME_MS = 24 * 3_600_000;
/** …plus this margin, so the retry never races a payment made in the Checkout's last minute. */
const RETRY_MARGIN_MS = 15 * 60_000;

/**
 * "Complete payment": the payer pays a declined or authentication-required charge in a hosted Checkout
 * (on-session, so 3-D Secure can run). Only the payer, only while it needs them. The Checkout's key is the
 * attempt's current key plus its attempt count: a double click opens the same page; after the worker
 * tried again (count moved), a fresh Checkout. While the Checkout is open the job's off-session retry waits.
 */
export async function startPaymentCheckout(options: {
  db: Sql;
  viewer: TAppViewer;
  provider: PaymentProvider;
  attemptId: string;
  appUrl: string;
  now: Date;
}): Promise<{ url: string; checkoutRef: string }> {
  const { db, viewer, provider } = options;
  const attempt = await readPayableAttempt({ db, viewer, attemptId: options.attemptId });
  if (attempt.status === "succeeded") throw new AppError("already_done", "This lesson is already paid.");
  if (attempt.status === "processing") {
    throw new AppError("conflict", "We are collecting this payment right now; check again in a minute.");
  }
  if (!PAYABLE_STATUSES.has(attempt.status)) {
    throw new AppError("conflict", "This payment does not need you: nothing to pay online right now.");
  }
  // The collection job must not charge the card off-session while the payer pays on-session (both could succeed).
  const isDeferred = await asService(db, (tx) =>
    deferAttemptRetry(tx, { attemptId: attempt.id, until: new Date(options.now.getTime() + CHECKOUT_LIFETIME_MS + RETRY_MARGIN_MS) }),
  );
  if (attempt.status === "action_required" && !isDeferred) {
    throw new AppError("conflict", "We are collecting this payment right now; check again in a minute.");
  }
  const { customerRef } = await ensurePayerCustomer({ db, viewer, provider });
  const appUrl = options.appUrl.replace(/\/+$/, "");
  const when = formatInTimeZone(attempt.startAt, attempt.timeZone);
  return askProvider(() =>
    provider.createPaymentCheckout({
      customerRef,
      amountCents: attempt.amountCents,
      currency: attempt.currency,
      description: `${attempt.subjectName} lesson with ${attempt.tutorName}, ${when}`,
      sessionId: attempt.sessionId,
      attemptId: attempt.id,
      transferGroup: attempt.sessionId,
      // `{CHECKOUT_SESSION_ID}` is replaced by the provider, so it must stay unencoded.
      successUrl: `${appUrl}/pay/${attempt.id}/return?checkout={CHECKOUT_SESSION_ID}`,
      cancelUrl: `${appUrl}/pay/${attempt.id}`,
      idempotencyKey: `${attempt.idempotencyKey}:checkout:${attempt.attemptCount}`,
    }),
  );
}
