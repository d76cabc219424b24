import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService } from "@/lib/db";
import type { PaymentProvider } from "@/lib/payments/providers/types";
import { askProvider } from "@/lib/payments/provider-app-error";
import { readPayeeAccount, savePayeeAccount } from "@/lib/payments/save-payee-account";

/**
 * The tutor is back from the hosted onboarding: their account is read at the provider (the return alone
 * proves nothing) and saved through the single writer, which makes their accrued transfers due when payouts
 * are now enabled.
 */
export async function completePayeeOnboarding(options: {
  db: Sql;
  viewer: TAppViewer;
  provider: PaymentProvider;
  now: Date;
}): Promise<{ payoutsEnabled: boolean; activatedTransfers: number }> {
  const { db, viewer, provider, now } = options;
  if (viewer.role !== "tutor") throw new AppError("forbidden", "Only tutors set up payouts.");
  const account = await asService(db, (tx) => readPayeeAccount(tx, { tutorId: viewer.id }));
  if (!account) throw new AppError("not_found", "You have not started setting up payouts yet.");
  const payee = await askProvider(() => provider.readPayee(account.accountRef));
  const { activatedTransfers } = await asService(db, (tx) =>
    savePayeeAccount(tx, {
      tutorId: viewer.id,
      accountRef: account.accountRef,
      payoutsEnabled: payee.payoutsEnabled,
      detailsSubmitted: payee.detailsSubmitted,
      now,
    }),
  );
  return { payoutsEnabled: payee.payoutsEnabled, activatedTransfers };
}
