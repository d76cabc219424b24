import { BPS_DENOMINATOR } from "@/lib/payments/split";

/** Basis points as a percentage for people: 5000 → "50 %", 3333 → "33.33 %". */
export function formatBps(bps: number): string {
  const percent = (bps * 100) / BPS_DENOMINATOR;
  const text = new Intl.NumberFormat("en-TT", { maximumFractionDigits: 2 }).format(percent);
  return `${text}\u00a0%`;
}
