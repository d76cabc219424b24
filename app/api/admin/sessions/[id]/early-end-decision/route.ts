import { NextResponse } from "next/server";
import { z } from "zod";
import { readJson, route } from "@/lib/api/handler";
import { decideEarlyEnd, ZDecideEarlyEnd } from "@/lib/admin/decide-early-end";
import { getDb } from "@/lib/db";

/**
 * POST /api/admin/sessions/[id]/early-end-decision {outcome, reason}: an admin resolves an
 * EARLY_END_SHORT lesson once → {decision: {outcome, held_minutes, charge_cents, payout_cents,
 * platform_fee_cents, payout_release_at}}. A second decision is 409.
 */
export const POST = route(
  { auth: "user", params: z.object({ id: z.uuid() }), rateLimit: "decision", requireLiveSession: true },
  async ({ request, viewer, params }) => {
    const input = ZDecideEarlyEnd.parse(await readJson(request));
    const decision = await decideEarlyEnd({ db: getDb(), viewer, sessionId: params.id, input, now: new Date() });
    return NextResponse.json({
      decision: {
        session_id: decision.sessionId,
        outcome: decision.outcome,
        held_minutes: decision.heldMinutes,
        charge_cents: decision.split.chargeCents,
        payout_cents: decision.split.payoutCents,
        platform_fee_cents: decision.split.platformFeeCents,
        payout_release_at: decision.payoutReleaseAt?.toISOString() ?? null,
      },
    });
  },
);
