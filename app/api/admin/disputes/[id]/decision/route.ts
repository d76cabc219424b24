import { NextResponse } from "next/server";
import { z } from "zod";
import { readJson, route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { decideDispute } from "@/lib/disputes/decide-dispute";
import { ZDecideDispute } from "@/lib/disputes/dispute-rules";
import { disputeJson } from "@/lib/disputes/dispute-row";

/**
 * POST /api/admin/disputes/[id]/decision {outcome, amount_cents?, reason}: an admin decides once →
 * {dispute, refund} (refund: the refunded cents, or null for a release). A second decision is 409.
 */
export const POST = route(
  { auth: "user", params: z.object({ id: z.uuid() }), rateLimit: "decision", requireLiveSession: true },
  async ({ request, viewer, params }) => {
    const input = ZDecideDispute.parse(await readJson(request));
    const { dispute, refund } = await decideDispute({ db: getDb(), viewer, disputeId: params.id, input, now: new Date() });
    return NextResponse.json({
      dispute: disputeJson(dispute),
      refund: refund ? { amount_cents: refund.refundCents, currency: refund.currency, payout_voided: refund.isPayoutVoided } : null,
    });
  },
);
