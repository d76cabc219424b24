import "server-only";
import { createHash } from "node:crypto";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import type { PaymentProvider } from "@/lib/payments/providers/types";
import { safeReturnPath, withQueryParam } from "@/lib/payments/safe-return-path";
import { ensurePayerCustomer } from "@/lib/payments/ensure-payer-customer";
import { askProvider } from "@/lib/payments/provider-app-error";

/** The return route of a setup Checkout (app/api/payment-methods/return). */
export const SETUP_RETURN_PATH = "/api/payment-methods/return";

/**
 * A payer (a student, or a parent paying for a child with their own card) starts saving a card: their
 * customer at the provider is created once (saved before anything else, so a second click reuses it), then
 * a hosted setup Checkout that sends them back through our return route to `next` (the same tutor slot).
 * The Checkout's idempotency key is the payer, the card being replaced and the day (plus where they return
 * to): a double click opens the same page; once a card is saved, "Replace" gets a new one.
 */
export async function startSetupCheckout(options: {
  db: Sql;
  viewer: TAppViewer;
  provider: PaymentProvider;
  next: string;
  appUrl: string;
  now: Date;
}): Promise<{ url: string; checkoutRef: string }> {
  const { db, viewer, provider, now } = options;
  if (viewer.role !== "student" && viewer.role !== "parent") {
    throw new AppError("forbidden", "Cards are saved by the student or parent who pays for lessons.");
  }
  if (!provider.requiresSavedPaymentMethod) {
    throw new AppError("conflict", "Lessons here are paid by hand (no card online); there is no card to save.");
  }
  const next = safeReturnPath(options.next);
  if (!next) throw new AppError("invalid_input", "next: must be a path on this site, such as /tutors/<id>.");

  const { customerRef, card } = await ensurePayerCustomer({ db, viewer, provider });
  const appUrl = options.appUrl.replace(/\/+$/, "");
  // `{CHECKOUT_SESSION_ID}` is replaced by the provider, so it must stay unencoded.
  const successUrl = `${appUrl}${SETUP_RETURN_PATH}?checkout={CHECKOUT_SESSION_ID}&next=${encodeURIComponent(next)}`;
  const cancelUrl = `${appUrl}${withQueryParam(next, "card", "cancelled")}`;
  const day = now.toISOString().slice(0, 10);
  const replacing = card?.paymentMethodRef ?? "none";
  const nextHash = createHash("sha256").update(next).digest("hex").slice(0, 16);
  const link = await askProvider(() =>
    provider.createSetupCheckout({
      customerRef,
      userId: viewer.id,
      successUrl,
      cancelUrl,
      idempotencyKey: `setup:${viewer.id}:${replacing}:${day}:${nextHash}`,
    }),
  );
  return { url: link.url, checkoutRef: link.checkoutRef };
}
