import { Card } from "@/components/ui/card";
import { DetailList, type TDetailItem } from "@/components/ui/detail-list";
import { LocalTime } from "@/components/ui/local-time";
import { Money } from "@/components/ui/money";
import type { TRole } from "@/lib/auth/roles";
import { formatBps } from "@/lib/format/percent";
import { completedSplit } from "@/lib/payments/split";
import type { TLedgerLine, TSessionDetail } from "@/lib/sessions";
import { PayoutState } from "./session-amount";

const SEES_SPLIT: readonly TRole[] = ["tutor", "admin"];

/** Price, then what was charged and how it was split; the tutor and admins see the payout side. */
export function SessionAmountsCard({
  session,
  ledger,
  role,
  timeZone,
}: {
  session: TSessionDetail;
  ledger: TLedgerLine[];
  role: TRole;
  timeZone: string;
}) {
  const { currency } = session;
  // Null for anyone but the tutor and admins (the payout split is not theirs to see).
  const { completionPayoutBps, noShowPayoutBps } = session.splitBps;
  const seesSplit = SEES_SPLIT.includes(role);
  const items: TDetailItem[] = [{ term: "Price", detail: <Money cents={session.priceCents} currency={currency} /> }];
  if (session.chargeCents !== null) {
    items.push({ term: "Charged", detail: <Money cents={session.chargeCents} currency={currency} />, testId: "amount-charged" });
    if (seesSplit && session.payoutCents !== null) {
      items.push({
        term: role === "tutor" ? "Your payout" : "Tutor payout",
        detail: (
          <>
            <Money cents={session.payoutCents} currency={currency} /> <PayoutState payout={session.payout} timeZone={timeZone} />
          </>
        ),
        testId: "amount-payout",
      });
    }
    if (seesSplit && session.platformFeeCents !== null) {
      items.push({ term: "Platform fee", detail: <Money cents={session.platformFeeCents} currency={currency} />, testId: "amount-fee" });
    }
  } else if (session.storedStatus === "SCHEDULED" && role === "tutor" && completionPayoutBps !== null && noShowPayoutBps !== null) {
    const expected = completedSplit(session.priceCents, { ...session.splitBps, completionPayoutBps, noShowPayoutBps });
    items.push({
      term: "Your payout at the end",
      detail: (
        <>
          <Money cents={expected.payoutCents} currency={currency} />{" "}
          <span className="text-slate-600">({formatBps(completionPayoutBps)} of the price, held for the dispute window)</span>
        </>
      ),
    });
  } else if (session.chargeCents === null && session.storedStatus !== "SCHEDULED") {
    items.push({ term: "Charged", detail: session.storedStatus === "EARLY_END_SHORT" ? "Nothing yet: waiting for review" : "Nothing" });
  }
  return (
    <Card title="Amounts" titleId="session-amounts-title">
      <DetailList items={items} />
      {ledger.length > 0 ? <LedgerTable ledger={ledger} timeZone={timeZone} /> : null}
    </Card>
  );
}

const KIND_LABELS: Record<string, string> = {
  charge: "Charge",
  payout: "Payout",
  platform_fee: "Platform fee",
  refund: "Refund",
  payout_reversal: "Payout reduced by a refund",
  fee_reversal: "Platform fee reduced by a refund",
};

function LedgerTable({ ledger, timeZone }: { ledger: TLedgerLine[]; timeZone: string }) {
  return (
    <div className="mt-5">
      <h3 className="mb-2 text-sm font-semibold text-slate-900">Ledger entries</h3>
      <ul className="flex flex-col divide-y divide-slate-200 rounded-md border border-slate-200 text-sm" data-testid="ledger">
        {ledger.map((line) => (
          <li key={line.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-3 py-2">
            <span className="font-medium">{KIND_LABELS[line.kind] ?? line.kind}</span>
            <Money cents={line.amountCents} currency={line.currency} />
            <span className="w-full text-slate-600 sm:w-auto">
              {line.status === "held" && line.releaseAt ? (
                <>
                  held until <LocalTime date={line.releaseAt} timeZone={timeZone} />
                </>
              ) : line.status === "released" && line.releasedAt ? (
                <>
                  released <LocalTime date={line.releasedAt} timeZone={timeZone} />
                </>
              ) : (
                <>
                  {line.status} <LocalTime date={line.createdAt} timeZone={timeZone} />
                </>
              )}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
