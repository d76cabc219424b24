import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService } from "@/lib/db";
import { listPayerPayments, type TPayerPayment } from "@/lib/payments/list-payer-payments";
import { readSavedCard } from "@/lib/payments/save-payment-method";

export type TPaymentReceipt = {
  charge: TPayerPayment;
  refunds: TPayerPayment[];
  /** The payer's card on file (brand + last 4), null when they pay by hand. */
  card: { brand: string; last4: string } | null;
  payerName: string;
  timeZone: string;
  durationMinutes: number;
};

/**
 * One charge's printable receipt for its payer: the lesson, the amount, the card, the provider's reference
 * and the refunds of that lesson. Anyone else (or a refund row's id) is not_found.
 */
export async function readPaymentReceipt(options: { db: Sql; viewer: TAppViewer; ledgerEntryId: string }): Promise<TPaymentReceipt> {
  const { db, viewer, ledgerEntryId } = options;
  const [charge] = await listPayerPayments({ db, viewer, ledgerEntryId });
  if (!charge || charge.kind !== "charge") throw new AppError("not_found", "There is no charge of yours with that id.");
  const all = await listPayerPayments({ db, viewer });
  const refunds = all.filter((item) => item.kind === "refund" && item.sessionId === charge.sessionId);
  const { card, payer, durationMinutes } = await asService(db, async (tx) => {
    const saved = await readSavedCard(tx, { userId: viewer.id });
    const [profile] = await tx<{ full_name: string; timezone: string }[]>`
      select full_name, timezone from public.profiles where id = ${viewer.id}`;
    const [lesson] = await tx<{ duration_minutes: number }[]>`select duration_minutes from public.sessions where id = ${charge.sessionId}`;
    return { card: saved?.card ?? null, payer: profile, durationMinutes: lesson?.duration_minutes ?? 0 };
  });
  return {
    charge,
    refunds,
    card: card ? { brand: card.brand, last4: card.last4 } : null,
    payerName: payer?.full_name ?? "",
    timeZone: payer?.timezone ?? "UTC",
    durationMinutes,
  };
}
