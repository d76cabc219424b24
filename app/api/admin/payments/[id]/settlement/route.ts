import { NextResponse } from "next/server";
import { z } from "zod";
import { readJson, route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { settleOutsideProvider } from "@/lib/payments/settle-outside-provider";
import { ZSettleOutside } from "@/lib/payments/settlement-rules";

/**
 * POST /api/admin/payments/[id]/settlement {reference, reason}: an admin records a payment due by hand
 * or failed as settled outside the payment provider (bank transfer, cash, cheque) → {settlement}. A
 * second one is 409 already_done; a payment in any other state 409 conflict.
 */
export const POST = route(
  { auth: "user", params: z.object({ id: z.uuid() }), rateLimit: "decision", requireLiveSession: true },
  async ({ request, viewer, params }) => {
    const input = ZSettleOutside.parse(await readJson(request));
    const settlement = await settleOutsideProvider({
      db: getDb(),
      viewer,
      attemptId: params.id,
      reference: input.reference,
      reason: input.reason,
      now: new Date(),
    });
    return NextResponse.json({ settlement: { attemptId: settlement.attemptId, status: settlement.status } });
  },
);
