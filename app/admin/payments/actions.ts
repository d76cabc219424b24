"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/api/action";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { getDb } from "@/lib/db";
import { ZDecisionReason } from "@/lib/disputes/dispute-rules";
import { decideFailedPayment } from "@/lib/payments/decide-failed-payment";
import { settleOutsideProvider } from "@/lib/payments/settle-outside-provider";
import { ZSettlementReference } from "@/lib/payments/settlement-rules";

const ZFailedPaymentForm = z.discriminatedUnion(
  "outcome",
  [
    z.strictObject({
      attempt_id: z.uuid(),
      outcome: z.enum(["retry", "write_off"]),
      reason: ZDecisionReason,
      reference: z.string().optional(),
    }),
    z.strictObject({
      attempt_id: z.uuid(),
      outcome: z.literal("settled_outside"),
      reason: ZDecisionReason,
      reference: ZSettlementReference,
    }),
  ],
  "Choose retry, write off or settled outside.",
);

/**
 * The admin retries, writes off (charges only) or records as settled outside the provider one failed payment
 * (lib/payments/decide-failed-payment.ts, lib/payments/settle-outside-provider.ts).
 */
export const decideFailedPaymentAction = action(
  { role: "admin", schema: ZFailedPaymentForm, name: "decideFailedPayment", rateLimit: "decision", requireLiveSession: true },
  async ({ viewer, input }) => {
    if (input.outcome === "settled_outside") {
      await settleOutside(viewer, input);
      return { status: "done", message: "Recorded as settled outside the provider." };
    }
    const decision = await decideFailedPayment({
      db: getDb(),
      viewer,
      attemptId: input.attempt_id,
      outcome: input.outcome,
      reason: input.reason,
      now: new Date(),
    });
    revalidatePath("/admin/payments");
    return { status: "done", message: decision.outcome === "retry" ? "Queued for another try." : "Written off." };
  },
);

const ZDueByHandForm = z.strictObject({ attempt_id: z.uuid(), reference: ZSettlementReference, reason: ZDecisionReason });

/** The admin marks one payment due by hand as received or paid (lib/payments/settle-outside-provider.ts). */
export const settleDueByHandAction = action(
  { role: "admin", schema: ZDueByHandForm, name: "settleDueByHand", rateLimit: "decision", requireLiveSession: true },
  async ({ viewer, input }) => {
    const settled = await settleOutside(viewer, input);
    return { status: "done", message: settled.kind === "charge" ? "Marked received." : "Marked paid." };
  },
);

/** Both forms record a payment settled outside the provider the same way (lib/payments/settle-outside-provider.ts). */
async function settleOutside(viewer: TAppViewer, input: { attempt_id: string; reference: string; reason: string }) {
  const settled = await settleOutsideProvider({
    db: getDb(),
    viewer,
    attemptId: input.attempt_id,
    reference: input.reference,
    reason: input.reason,
    now: new Date(),
  });
  revalidatePath("/admin/payments");
  return settled;
}
