import { z } from "zod";
import { ZDecisionReason } from "@/lib/disputes/dispute-rules";

/**
 * Settling a payment outside the payment provider (README "Payments"): what the admin types. Pure and
 * client-safe: the admin's forms, the HTTP route and lib/payments/settle-outside-provider.ts share it.
 */

export const MAX_REFERENCE_LENGTH = 120;

/** What identifies the money movement (a bank reference, a receipt number): trimmed, 1–120 characters, no control characters. */
export const ZSettlementReference = z
  .string("Give the reference of the bank transfer, receipt or cheque.")
  .trim()
  .min(1, "Give the reference of the bank transfer, receipt or cheque.")
  .max(MAX_REFERENCE_LENGTH, `A reference is at most ${MAX_REFERENCE_LENGTH} characters.`)
  .refine((value) => !/\p{Cc}/u.test(value), "A reference is one line of text, without control characters.");

export const ZSettleOutside = z.strictObject({ reference: ZSettlementReference, reason: ZDecisionReason });
export type TSettleOutside = z.output<typeof ZSettleOutside>;

export type TSettleableKind = "charge" | "refund" | "transfer";

/** The statuses an admin can settle outside the provider: due by hand (the manual provider) or given up on. */
export const SETTLEABLE_STATUSES = ["manual_due", "failed"] as const;

/** A charge the platform gives up collecting can be written off; a refund or transfer is money owed to someone: never. */
export function canWriteOff(kind: TSettleableKind): boolean {
  return kind === "charge";
}
