import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService } from "@/lib/db";
import { log } from "@/lib/log";
import { listPayerPayments, type TPayerPayment } from "@/lib/payments/list-payer-payments";
import type { PaymentProvider } from "@/lib/payments/providers/types";

export type TPaymentReceipt = {
  charge: TPayerPayment;
  refunds: TPayerPayment[];
  /**
   * The card the charge was paid with, as the provider recorded it (not the card on file today, which may
   * have been replaced since): "card" once collected with one, "by_hand" with the manual provider,
   * "not_collected" before collection, "unavailable" when the provider could not be asked, "outside" when an
   * admin recorded it paid outside the card processor (bank transfer, cash): the reference is the admin's.
   */
  card:
    | { status: "card"; brand: string; last4: string }
    | { status: "by_hand" }
    | { status: "not_collected" }
    | { status: "unavailable" }
    | { status: "outside"; reference: string };
  /** The refunds (attempt ids) an admin recorded as paid back outside the card processor. */
  refundsSettledOutside: string[];
  payerName: string;
  timeZone: string;
  durationMinutes: number;
};

/**
 * One charge's printable receipt for its payer: the lesson, the amount, the card, the provider's reference
 * and the refunds of that lesson. Anyone else (or a refund row's id) is not_found.
 */
export async function readPaymentReceipt(options: {
  db: Sql;
  viewer: TAppViewer;
  provider: PaymentProvider;
  ledgerEntryId: string;
}): Promise<TPaymentReceipt> {
  const { db, viewer, ledgerEntryId } = options;
  const [charge] = await listPayerPayments({ db, viewer, ledgerEntryId });
  if (!charge || charge.kind !== "charge") throw new AppError("not_found", "There is no charge of yours with that id.");
  const all = await listPayerPayments({ db, viewer });
  const refunds = all.filter((item) => item.kind === "refund" && item.sessionId === charge.sessionId);
  const { payer, durationMinutes, settledOutside } = await asService(db, async (tx) => {
    const [profile] = await tx<{ full_name: string; timezone: string }[]>`
      select full_name, timezone from public.profiles where id = ${viewer.id}`;
    const [lesson] = await tx<{ duration_minutes: number }[]>`select duration_minutes from public.sessions where id = ${charge.sessionId}`;
    const outside = await tx<{ id: string }[]>`
      select id from public.payment_attempts
      where session_id = ${charge.sessionId} and party_id = ${viewer.id} and settled_outside_by is not null`;
    return { payer: profile, durationMinutes: lesson?.duration_minutes ?? 0, settledOutside: new Set(outside.map((row) => row.id)) };
  });
  return {
    charge,
    refunds,
    // Settled outside the provider: its reference is the admin's, never a provider id to look up.
    card:
      settledOutside.has(charge.attemptId) && charge.providerRef
        ? { status: "outside", reference: charge.providerRef }
        : await paidWith(options.provider, charge),
    refundsSettledOutside: refunds.filter((refund) => settledOutside.has(refund.attemptId)).map((refund) => refund.attemptId),
    payerName: payer?.full_name ?? "",
    timeZone: payer?.timezone ?? "UTC",
    durationMinutes,
  };
}

async function paidWith(provider: PaymentProvider, charge: TPayerPayment): Promise<TPaymentReceipt["card"]> {
  if (provider.name === "manual") return { status: "by_hand" };
  if (!charge.providerRef) return { status: "not_collected" };
  try {
    const card = await provider.readPaymentCard(charge.providerRef);
    return card ? { status: "card", ...card } : { status: "unavailable" };
  } catch (error) {
    log.warn("receipt_card_unavailable", { paymentRef: charge.providerRef, error });
    return { status: "unavailable" };
  }
}
