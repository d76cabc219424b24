import { LocalTime } from "@/components/ui/local-time";
import { Money } from "@/components/ui/money";
import type { TPayoutState, TSessionAmount } from "@/lib/sessions";

/** The row's one amount: price before the charge; the charge, or the tutor's payout and its escrow state, after. */
export function SessionAmount({ amount, currency, timeZone }: { amount: TSessionAmount; currency: string; timeZone: string }) {
  switch (amount.kind) {
    case "price":
      return (
        <span>
          <span className="text-slate-600">Price </span>
          <Money cents={amount.cents} currency={currency} />
        </span>
      );
    case "charged":
      return (
        <span>
          <span className="text-slate-600">Charged </span>
          <Money cents={amount.cents} currency={currency} />
        </span>
      );
    case "payout":
      return (
        <span>
          <span className="text-slate-600">Your payout </span>
          <Money cents={amount.cents} currency={currency} testId="payout-amount" />{" "}
          <PayoutState payout={amount.payout} timeZone={timeZone} />
        </span>
      );
    case "not_charged":
      return <span className="text-slate-600">{amount.reason === "under_review" ? "Not charged (under review)" : "Not charged"}</span>;
  }
}

export function PayoutState({ payout, timeZone }: { payout: TPayoutState; timeZone: string }) {
  switch (payout.state) {
    case "held":
      return (
        <span className="text-amber-800" data-testid="payout-state">
          held until <LocalTime date={payout.releaseAt} timeZone={timeZone} />
        </span>
      );
    case "released":
      return (
        <span className="text-green-800" data-testid="payout-state">
          released
        </span>
      );
    case "unknown":
      return null;
  }
}
