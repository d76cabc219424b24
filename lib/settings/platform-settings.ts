import "server-only";
import type { ISql } from "postgres";
import { z } from "zod";

/**
 * The platform settings in force (`public.platform_settings`, one row): the fee split, the
 * escrow hold and the attendance grace. The one reader: jobs, verbs and pages all take them from here, with no
 * fallback of their own — a missing row is a broken database, not a default.
 */
const ZPlatformSettings = z.object({
  completion_payout_bps: z.number().int().min(0).max(10_000),
  no_show_charge_bps: z.number().int().min(0).max(10_000),
  no_show_payout_bps: z.number().int().min(0).max(10_000),
  payout_hold_hours: z.number().int().min(0).max(720),
  attendance_grace_minutes: z.number().int().min(0).max(1440),
  free_cancel_hours: z.number().int().min(0).max(168),
  late_cancel_charge_bps: z.number().int().min(0).max(10_000),
  late_cancel_payout_bps: z.number().int().min(0).max(10_000),
});

export type TPlatformSettings = {
  completionPayoutBps: number;
  noShowChargeBps: number;
  noShowPayoutBps: number;
  payoutHoldHours: number;
  /** How long after its end a Meet session waits for its attendance read before it is charged anyway. */
  attendanceGraceMinutes: number;
  /** Cancellation policy (frozen per session at confirmation): free until this many hours before the start. */
  freeCancelHours: number;
  lateCancelChargeBps: number;
  lateCancelPayoutBps: number;
};

export async function readPlatformSettings(tx: ISql): Promise<TPlatformSettings> {
  const [row] = await tx`
    select completion_payout_bps, no_show_charge_bps, no_show_payout_bps, payout_hold_hours, attendance_grace_minutes,
      free_cancel_hours, late_cancel_charge_bps, late_cancel_payout_bps
    from public.platform_settings where id
  `;
  if (!row) throw new Error("public.platform_settings has no row: the migrations did not run");
  const settings = ZPlatformSettings.parse(row);
  return {
    completionPayoutBps: settings.completion_payout_bps,
    noShowChargeBps: settings.no_show_charge_bps,
    noShowPayoutBps: settings.no_show_payout_bps,
    payoutHoldHours: settings.payout_hold_hours,
    attendanceGraceMinutes: settings.attendance_grace_minutes,
    freeCancelHours: settings.free_cancel_hours,
    lateCancelChargeBps: settings.late_cancel_charge_bps,
    lateCancelPayoutBps: settings.late_cancel_payout_bps,
  };
}

/** When a payout charged at `chargedAt` leaves escrow. */
export function payoutReleaseAt(settings: Pick<TPlatformSettings, "payoutHoldHours">, chargedAt: Date): Date {
  return new Date(chargedAt.getTime() + settings.payoutHoldHours * 3_600_000);
}
