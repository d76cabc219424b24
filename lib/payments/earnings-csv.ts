import { formatInTimeZone } from "@/lib/format/date-time";
import { centsToDecimal, toCsv } from "@/lib/payments/csv";
import type { TTutorEarnings } from "@/lib/payments/read-tutor-earnings";

const STATE_LABELS = { held: "held", released: "released", paid_out: "paid out", reversed: "refunded" } as const;

/** The tutor's CSV export: one row per lesson payout, times in their zone, amounts as decimals. */
export function earningsCsv(earnings: TTutorEarnings): string {
  const zone = earnings.timeZone;
  return toCsv(
    [`lesson (${zone})`, "subject", "student", "state", "currency", "payout", "refunded", "net", `releases (${zone})`, "transfer ref"],
    earnings.items.map((item) => [
      formatInTimeZone(item.lessonStartAt, zone),
      item.subjectName,
      item.studentName,
      STATE_LABELS[item.state],
      item.currency,
      centsToDecimal(item.payoutCents),
      centsToDecimal(item.reversedCents),
      centsToDecimal(item.netCents),
      item.releaseAt ? formatInTimeZone(item.releaseAt, zone) : null,
      item.transferRef,
    ]),
  );
}
