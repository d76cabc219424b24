import type { Metadata } from "next";
import { FailedPaymentForm } from "@/components/admin/failed-payment-form";
import { RoleNav } from "@/components/sessions/role-nav";
import { Card } from "@/components/ui/card";
import { DetailList } from "@/components/ui/detail-list";
import { LocalTime } from "@/components/ui/local-time";
import { Money } from "@/components/ui/money";
import { TextLink } from "@/components/ui/text-link";
import { PageHeader } from "@/components/ui/page-header";
import { listFailedPayments } from "@/lib/admin/list-failed-payments";
import { requireRole } from "@/lib/auth/require-role";
import { getDb } from "@/lib/db";
import { getPaymentProvider } from "@/lib/payments/providers";
import { formatTimeZoneName } from "@/lib/format/date-time";
import { decideFailedPaymentAction } from "./actions";

export const metadata: Metadata = { title: "Failed payments · Admin" };

const KIND_LABELS = { charge: "Charge", refund: "Refund", transfer: "Payout transfer" } as const;

export default async function AdminPaymentsPage() {
  const viewer = await requireRole("admin");
  const { timeZone, items } = await listFailedPayments({ db: getDb(), viewer });
  const isManual = getPaymentProvider().name === "manual";
  return (
    <>
      <PageHeader
        title={`Failed payments (${items.length})`}
        subtitle={`Payments the collection job gave up on after its last retry. Retry one now, or write it off; a reason is required. Times in ${timeZone.replaceAll("_", " ")} (${formatTimeZoneName(new Date(), timeZone)}).`}
        nav={<RoleNav role="admin" current="/admin/payments" />}
      />
      {isManual ? (
        <Card title="Payouts to pay by hand" titleId="manual-payouts">
          <p className="text-sm text-slate-700">
            Payments run in manual mode: tutors are paid by bank transfer from this list.{" "}
            <TextLink href="/api/admin/payouts.csv">Download the payouts due (CSV)</TextLink>
          </p>
        </Card>
      ) : null}
      {items.length === 0 ? (
        <Card>
          <p className="text-sm text-slate-700">No failed payment is waiting.</p>
        </Card>
      ) : (
        <ul className="flex flex-col gap-6">
          {items.map((item) => (
            <li key={item.attemptId} data-testid="admin-failed-payment">
              <Card title={`${KIND_LABELS[item.kind]} · ${item.subjectName}`} titleId={`payment-${item.attemptId}`}>
                <div className="flex flex-col gap-4">
                  <DetailList
                    items={[
                      { term: "Amount", detail: <Money cents={item.amountCents} currency={item.currency} /> },
                      { term: item.kind === "transfer" ? "Tutor" : "Payer", detail: item.partyName ?? "—" },
                      { term: "Lesson", detail: <LocalTime date={item.scheduledStartAt} timeZone={timeZone} /> },
                      { term: "Tries", detail: String(item.attemptCount) },
                      {
                        term: "Last error",
                        detail: item.lastErrorMessage
                          ? `${item.lastErrorMessage}${item.lastErrorCode ? ` (${item.lastErrorCode})` : ""}`
                          : "—",
                      },
                      { term: "Failed", detail: <LocalTime date={item.updatedAt} timeZone={timeZone} /> },
                    ]}
                  />
                  <FailedPaymentForm attemptId={item.attemptId} action={decideFailedPaymentAction} />
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
