import type postgres from "postgres";
import type { TDemoOutcome } from "./seed-sessions.ts";

const MINUTE = 60_000;

/**
 * Turns a just-made demo session into a charged one, as the charge job or a no-show mark
 * would have left it: amounts, ledger rows (payout held, or released once its hold passed)
 * and the audit event.
 */
export async function chargeDemoSession(
  tx: postgres.TransactionSql,
  o: { sessionId: string; outcome: TDemoOutcome; startAt: Date; endAt: Date; now: Date },
): Promise<void> {
  const isNoShow = o.outcome === "NO_SHOW_STUDENT";
  const chargedAt = isNoShow ? new Date(o.startAt.getTime() + 35 * MINUTE) : o.endAt;
  // Same rounding as lib/payments/split.ts: half up on integers; fee is the remainder.
  const [s] = await tx<{ charge: string; payout: string; student_id: string; tutor_id: string; hold: number }[]>`
    update public.sessions set
      status = ${o.outcome},
      charged_at = ${chargedAt},
      marked_no_show_at = ${isNoShow ? chargedAt : null},
      tutor_joined_at = ${o.startAt},
      student_joined_at = ${isNoShow ? null : o.startAt},
      charge_cents = case when ${isNoShow} then (price_cents * no_show_charge_bps * 2 + 10000) / 20000 else price_cents end,
      payout_cents = case when ${isNoShow} then (price_cents * no_show_payout_bps * 2 + 10000) / 20000
                          else (price_cents * completion_payout_bps * 2 + 10000) / 20000 end,
      platform_fee_cents = case when ${isNoShow}
        then (price_cents * no_show_charge_bps * 2 + 10000) / 20000 - (price_cents * no_show_payout_bps * 2 + 10000) / 20000
        else price_cents - (price_cents * completion_payout_bps * 2 + 10000) / 20000 end
    where id = ${o.sessionId}
    returning charge_cents::text as charge, payout_cents::text as payout, student_id, tutor_id,
      (select payout_hold_hours from public.platform_settings) as hold`;
  const releaseAt = new Date(chargedAt.getTime() + s!.hold * 60 * MINUTE);
  const isReleased = releaseAt <= o.now;
  const fee = BigInt(s!.charge) - BigInt(s!.payout);
  await tx`insert into public.ledger_entries (session_id, kind, party_id, amount_cents, currency, status, release_at, released_at, idempotency_key, created_at) values
    (${o.sessionId}, 'charge', ${s!.student_id}, ${s!.charge}, 'TTD', 'posted', null, null, ${`session:${o.sessionId}:charge`}, ${chargedAt}),
    (${o.sessionId}, 'payout', ${s!.tutor_id}, ${s!.payout}, 'TTD', ${isReleased ? "released" : "held"}, ${releaseAt}, ${isReleased ? releaseAt : null}, ${`session:${o.sessionId}:payout`}, ${chargedAt})`;
  if (fee > 0n) {
    await tx`insert into public.ledger_entries (session_id, kind, party_id, amount_cents, currency, status, idempotency_key, created_at)
      values (${o.sessionId}, 'platform_fee', null, ${fee.toString()}, 'TTD', 'posted', ${`session:${o.sessionId}:platform_fee`}, ${chargedAt})`;
  }
  await tx`insert into public.session_events (session_id, type, actor_id, actor_role, payload, at) values
    (${o.sessionId}, ${isNoShow ? "session.no_show_marked" : "session.charged"}, ${isNoShow ? s!.tutor_id : null},
     ${isNoShow ? "tutor" : "system"}, ${tx.json({ charge_cents: Number(s!.charge), payout_cents: Number(s!.payout) })}, ${chargedAt})`;
}
