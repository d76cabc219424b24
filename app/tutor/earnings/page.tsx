import type { Metadata } from "next";
import { EarningsChart } from "@/components/payments/earnings-chart";
import { EarningsList } from "@/components/payments/earnings-list";
import { PayoutAccount } from "@/components/payments/payout-account";
import { RoleNav } from "@/components/sessions/role-nav";
import { Card } from "@/components/ui/card";
import { Money } from "@/components/ui/money";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth/require-role";
import { getDb } from "@/lib/db";
import { getPaymentProvider } from "@/lib/payments/providers";
import { readTutorEarnings } from "@/lib/payments/read-tutor-earnings";
import { setUpPayoutsAction } from "./actions";

export const metadata: Metadata = { title: "Earnings" };

type TProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function TutorEarningsPage({ searchParams }: TProps) {
  const viewer = await requireRole("tutor");
  const earnings = await readTutorEarnings({ db: getDb(), viewer, now: new Date() });
  const provider = getPaymentProvider();
  const { payouts } = await searchParams;
  const { totals, currency } = earnings;
  const tiles = [
    { label: "Held", cents: totals.heldCents, hint: "Released 24 hours after each lesson", testId: "total-held" },
    { label: "Released", cents: totals.releasedCents, hint: "On its way to you", testId: "total-released" },
    { label: "Paid out", cents: totals.paidOutCents, hint: "Sent to your payout account", testId: "total-paid-out" },
    { label: "Refunded", cents: totals.reversedCents, hint: "Taken back by refunds", testId: "total-refunded" },
  ];
  return (
    <>
      <PageHeader
        title="Earnings"
        subtitle={`What your lessons earned you, after the platform fee. Times in ${earnings.timeZone.replaceAll("_", " ")}.`}
        nav={<RoleNav role="tutor" current="/tutor/earnings" />}
      />
      <div className="flex flex-col gap-4">
        <PayoutAccount
          account={earnings.payoutAccount}
          isManual={!provider.requiresSavedPaymentMethod}
          notice={typeof payouts === "string" ? payouts : undefined}
          action={setUpPayoutsAction}
        />
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {tiles.map((tile) => (
            <div key={tile.label} className="rounded-xl border border-slate-200 bg-white p-3 shadow-sm">
              <dt className="text-sm font-medium text-slate-700">{tile.label}</dt>
              <dd className="text-lg font-semibold text-slate-900">
                <Money cents={tile.cents} currency={currency} testId={tile.testId} />
              </dd>
              <dd className="text-xs text-slate-600">{tile.hint}</dd>
            </div>
          ))}
        </dl>
        <Card
          title="Last 12 weeks"
          titleId="weeks"
          actions={
            <a
              href="/api/tutor/earnings.csv"
              download
              className="text-sm font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
              data-testid="earnings-csv"
            >
              Download CSV
            </a>
          }
        >
          <EarningsChart weeks={earnings.weeks} currency={currency} />
        </Card>
        <Card title="Lessons" titleId="lessons">
          <EarningsList items={earnings.items} timeZone={earnings.timeZone} />
        </Card>
      </div>
    </>
  );
}
