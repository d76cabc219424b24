import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService } from "@/lib/db";
import type { PaymentProvider } from "@/lib/payments/providers/types";
import { askProvider } from "@/lib/payments/provider-app-error";
import { readPayableAttempt } from "@/lib/payments/read-payable-attempt";
import { findDuplicatePayment, refundDuplicatePayment } from "@/lib/payments/refund-duplicate-payment";
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
  const state = await askProvider(() => provider.readCheckout(options.checkoutRef));
  if (state.status !== "complete") return { status: state.status };
  if (state.mode !== "payment" || state.attemptId !== attempt.id || state.amountCents !== attempt.amountCents) {
    throw new AppError("forbidden", "That Checkout is not the payment of this lesson.");
  }
  const paymentRef = state.paymentRef;
  const { settled, duplicate } = await asService(db, async (tx) => {
    const settled = await markAttemptSucceeded(tx, { attemptId: attempt.id, providerRef: paymentRef, now });
    const duplicate = settled
      ? null
      : await findDuplicatePayment(tx, { attemptId: attempt.id, paymentRef, amountCents: state.amountCents });
    return { settled, duplicate };
  });
  // An off-session retry collected it too (between this Checkout opening and being paid): the second payment is
  // refunded in full at once (the webhook of this payment may find it too; the refund's key makes it one).
  if (duplicate) await refundDuplicatePayment(provider, duplicate);
  return { status: "paid", isNewlyPaid: settled !== null };
}
