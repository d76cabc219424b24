import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService } from "@/lib/db";
import type { PaymentProvider, TSavedCard } from "@/lib/payments/providers/types";
import { askProvider } from "@/lib/payments/provider-app-error";
import { readSavedCard, saveCard } from "@/lib/payments/save-payment-method";

export type TSetupCheckoutOutcome = { status: "saved"; card: TSavedCard } | { status: "open" | "expired" };

/**
 * The payer is back from a setup Checkout: we read it at the provider (never trusting the URL) and, when it
 * is complete and was started by this viewer for their own customer, save the card. The webhook may have
 * saved it first; saveCard changes nothing then. A Checkout of somebody else is refused (403).
 */
export async function completeSetupCheckout(options: {
  db: Sql;
  viewer: TAppViewer;
  provider: PaymentProvider;
  checkoutRef: string;
  now: Date;
}): Promise<TSetupCheckoutOutcome> {
  const { db, viewer, provider, now } = options;
  const state = await askProvider(() => provider.readCheckout(options.checkoutRef));
  if (state.status !== "complete") return { status: state.status };
  if (state.mode !== "setup") throw new AppError("invalid_input", "checkout: that is not a card-saving Checkout.");
  const saved = await asService(db, (tx) => readSavedCard(tx, { userId: viewer.id }));
  if (state.userId !== viewer.id || !saved || saved.customerRef !== state.customerRef) {
    throw new AppError("forbidden", "That Checkout belongs to another account.");
  }
  await asService(db, (tx) => saveCard(tx, { userId: viewer.id, customerRef: state.customerRef, card: state.card, now }));
  return { status: "saved", card: state.card };
}
