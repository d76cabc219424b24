import { formatMoney } from "@/lib/format/money";

/** An amount from integer minor units. */
export function Money({ cents, currency, testId }: { cents: number; currency: string; testId?: string }) {
  return (
    <span data-testid={testId} className="tabular-nums">
      {formatMoney(cents, currency)}
    </span>
  );
}
