import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService } from "@/lib/db";
import type { PaymentProvider } from "@/lib/payments/providers/types";
import { toAppError } from "@/lib/payments/provider-app-error";
import { readPayeeAccount, savePayeeAccount } from "@/lib/payments/save-payee-account";

/** Where the provider's hosted onboarding sends the tutor back (app/api/tutor/payout-account/return). */
export const ONBOARDING_RETURN_PATH = "/api/tutor/payout-account/return";

/**
 * A tutor sets up payouts: their connected account is created once (keyed by the tutor, saved with payouts
 * off before anything else), then a fresh hosted onboarding link (links are single-use and short-lived, so
 * every click gets a new one; an expired link sends them back to the earnings page to click again).
 */
export async function startPayeeOnboarding(options: {
  db: Sql;
  viewer: TAppViewer;
  provider: PaymentProvider;
  appUrl: string;
  now: Date;
}): Promise<{ url: string }> {
  const { db, viewer, provider, now } = options;
  if (viewer.role !== "tutor") throw new AppError("forbidden", "Only tutors set up payouts.");
  const appUrl = options.appUrl.replace(/\/+$/, "");
  try {
    let account = await asService(db, (tx) => readPayeeAccount(tx, { tutorId: viewer.id }));
    if (account?.payoutsEnabled) throw new AppError("already_done", "Payouts are already set up for your account.");
    if (!account) {
      const { accountRef } = await provider.createPayee({
        tutorId: viewer.id,
        email: viewer.email ?? "",
        idempotencyKey: `payee:${viewer.id}`,
      });
      await asService(db, (tx) =>
        savePayeeAccount(tx, { tutorId: viewer.id, accountRef, payoutsEnabled: false, detailsSubmitted: false, now }),
      );
      account = { accountRef, payoutsEnabled: false, detailsSubmitted: false };
    }
    return await provider.createOnboardingLink({
      accountRef: account.accountRef,
      refreshUrl: `${appUrl}/tutor/earnings?payouts=expired`,
      returnUrl: `${appUrl}${ONBOARDING_RETURN_PATH}`,
    });
  } catch (error) {
    throw toAppError(error);
  }
}
