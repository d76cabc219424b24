"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/api/action";
import { getDb } from "@/lib/db";
import { ZDecisionReason } from "@/lib/disputes/dispute-rules";
import { decideFailedPayment } from "@/lib/payments/decide-failed-payment";

const ZFailedPaymentForm = z.strictObject({
  attempt_id: z.uuid(),
  outcome: z.enum(["retry", "write_off"], "Choose retry or write off."),
  reason: ZDecisionReason,
});

/** The admin retries or writes off one failed payment (lib/payments/decide-failed-payment.ts). */
export const decideFailedPaymentAction = action(
  { role: "admin", schema: ZFailedPaymentForm, name: "decideFailedPayment", rateLimit: "decision", requireLiveSession: true },
  async ({ viewer, input }) => {
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
