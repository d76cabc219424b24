import { AppError } from "@/lib/api/errors";
import { PaymentProviderError } from "@/lib/payments/providers/types";

/**
 * A provider call made for a person waiting on a page (a hosted Checkout or onboarding link): its failure
 * becomes an answer they can act on instead of a 500. Anything that is not a provider error passes through.
 */
/** One provider call for a person waiting on a page: its failure thrown as toAppError's answer. */
export async function askProvider<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAppError(error);
  }
}

export function toAppError(error: unknown): unknown {
  if (!(error instanceof PaymentProviderError)) return error;
  switch (error.kind) {
    case "rate_limited":
      return new AppError("rate_limited", "The payment provider is busy; try again in a few seconds.", {
        retry_after_seconds: Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000)),
      });
    case "unsupported":
      return new AppError("conflict", "This payment setup has no online card payments or payouts.");
    case "invalid":
      return new AppError("provider_error", `The payment provider refused the request (${error.code}).`);
    case "transient":
      return new AppError("provider_error", "The payment provider did not answer; try again in a moment.");
  }
}
