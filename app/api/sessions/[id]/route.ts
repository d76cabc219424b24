import { NextResponse } from "next/server";
import { z } from "zod";
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { readVisibleSession } from "@/lib/sessions";
import { displaySessionStatus, joinWindowOpensAt } from "@/lib/sessions/shared";
import { iso, visibleAmounts } from "../session-json";

/**
 * GET /api/sessions/[id] → one session's status for the viewer (404 if RLS hides it).
 * Never the meeting link: that is handed out by POST /join, inside the window only.
 */
export const GET = route({ auth: "user", params: z.object({ id: z.uuid() }) }, async ({ viewer, params }) => {
  const now = new Date();
  const { session, relation } = await readVisibleSession({ db: getDb(), viewer, sessionId: params.id });
  const times = { status: session.status, scheduledStartAt: session.scheduled_start_at, scheduledEndAt: session.scheduled_end_at };
  const body = {
    id: session.id,
    booking_id: session.booking_id,
    tutor_id: session.tutor_id,
    student_id: session.student_id,
    relation,
    provider: session.provider,
    status: session.status,
    display_status: displaySessionStatus(times, now),
    scheduled_start_at: iso(session.scheduled_start_at),
    scheduled_end_at: iso(session.scheduled_end_at),
    join_opens_at: iso(joinWindowOpensAt(times)),
    duration_minutes: session.duration_minutes,
    no_show_wait_minutes: session.no_show_wait_minutes,
    min_payable_minutes: session.min_payable_minutes,
    currency: session.currency,
    ...visibleAmounts(viewer.role, {
      priceCents: session.price_cents,
      chargeCents: session.charge_cents,
      payoutCents: session.payout_cents,
      platformFeeCents: session.platform_fee_cents,
    }),
    charged_at: iso(session.charged_at),
    student_joined_at: iso(session.student_joined_at),
    tutor_joined_at: iso(session.tutor_joined_at),
    marked_no_show_at: iso(session.marked_no_show_at),
    cancelled_at: iso(session.cancelled_at),
  };
  return NextResponse.json(body, { headers: { "Cache-Control": "no-store" } });
});
