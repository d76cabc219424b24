import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService } from "@/lib/db";
import { log } from "@/lib/log";
import type { PaymentProvider } from "@/lib/payments/providers/types";
import { toAppError } from "@/lib/payments/provider-app-error";
import { readPayableAttempt } from "@/lib/payments/read-payable-attempt";
import { markAttemptSucceeded } from "@/lib/payments/settle-attempt";

export type TPaymentCheckoutOutcome = { status: "paid"; isNewlyPaid: boolean } | { status: "open" | "expired" };

/**
 * The payer is back from "Complete payment": the Checkout is read at the provider (never trusting the URL);
 * when it is complete, for this attempt and its amount, the attempt is settled through the single writer
 * (the webhook may have done it first: then nothing changes and the answer is still "paid").
 */
export async function completePaymentCheckout(options: {
  db: Sql;
  viewer: TAppViewer;
  provider: PaymentProvider;
  attemptId: string;
  checkoutRef: string;
  now: Date;
}): Promise<TPaymentCheckoutOutcome> {
  const { db, viewer, provider, now } = options;
  const attempt = await readPayableAttempt({ db, viewer, attemptId: options.attemptId });
  let state;
  try {
    state = await provider.readCheckout(options.checkoutRef);
  } catch (error) {
    throw toAppError(error);
  }
  if (state.status !== "complete") return { status: state.status };
  if (state.mode !== "payment" || state.attemptId !== attempt.id || state.amountCents !== attempt.amountCents) {
    throw new AppError("forbidden", "That Checkout is not the payment of this lesson.");
  }
  const { settled, providerRef } = await asService(db, async (tx) => {
    const settled = await markAttemptSucceeded(tx, { attemptId: attempt.id, providerRef: state.paymentRef, now });
    const [row] = await tx<{ provider_ref: string | null }[]>`select provider_ref from public.payment_attempts where id = ${attempt.id}`;
    return { settled, providerRef: row?.provider_ref ?? null };
  });
  if (!settled && providerRef !== state.paymentRef) {
    // The off-session retry collected it too (between this Checkout opening and being paid): one of the two must be
    // refunded by an admin. Logged loudly rather than refunded here: a refund is a ledger decision.
    log.error("payment_collected_twice", { attemptId: attempt.id, settledRef: providerRef, checkoutPaymentRef: state.paymentRef });
  }
  return { status: "paid", isNewlyPaid: settled !== null };
}
