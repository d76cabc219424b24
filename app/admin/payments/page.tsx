import type { Metadata } from "next";
import { DueByHandForm } from "@/components/admin/due-by-hand-form";
import { FailedPaymentForm } from "@/components/admin/failed-payment-form";
import { RoleNav } from "@/components/sessions/role-nav";
import { Card } from "@/components/ui/card";
import { DetailList } from "@/components/ui/detail-list";
import { LocalTime } from "@/components/ui/local-time";
import { Money } from "@/components/ui/money";
import { TextLink } from "@/components/ui/text-link";
import { PageHeader } from "@/components/ui/page-header";
import { listDueByHand, type TDueByHand } from "@/lib/admin/list-due-by-hand";
import { listFailedPayments } from "@/lib/admin/list-failed-payments";
import { requireRole } from "@/lib/auth/require-role";
import { getDb } from "@/lib/db";
import { getPaymentProvider } from "@/lib/payments/providers";
import { formatTimeZoneName } from "@/lib/format/date-time";
import { decideFailedPaymentAction, settleDueByHandAction } from "./actions";

export const metadata: Metadata = { title: "Payments · Admin" };

const KIND_LABELS = { charge: "Charge", refund: "Refund", transfer: "Payout transfer" } as const;

/** The three groups of "Due by hand", in the words the admin acts on. */
const DUE_GROUPS = [
  {
    kind: "charge",
    title: "Money to receive from payers",
    explain:
      "The payer owes this for a lesson. When their bank transfer, cash or cheque has arrived, mark it received: the payer then sees it paid and gets a receipt.",
    party: "Payer",
    verb: "Mark received",
  },
  {
    kind: "refund",
    title: "Money to pay back to payers",
    explain: "A refund owed to the payer. Once you have sent it, mark it paid: the payer then sees it refunded.",
    party: "Payer",
    verb: "Mark paid",
  },
  {
    kind: "transfer",
    title: "Payouts to pay tutors",
    explain:
      "The tutor's payout for a lesson. Once you have paid it, mark it paid: the tutor sees it paid out and it leaves the payouts CSV.",
    party: "Tutor",
    verb: "Mark paid",
  },
] as const;

export default async function AdminPaymentsPage() {
  const viewer = await requireRole("admin");
  const [{ timeZone, items }, due] = await Promise.all([
    listFailedPayments({ db: getDb(), viewer }),
    listDueByHand({ db: getDb(), viewer }),
  ]);
  const isManual = getPaymentProvider().name === "manual";
  return (
    <>
      <PageHeader
        title="Payments"
        subtitle={`Payments due by hand, payments the collection job gave up on after its last retry, and refunds the card issuer sent back. Retry one, write off a charge, or record that it was settled outside the card processor (a bank transfer, cash, a cheque); a reason is required. Times in ${timeZone.replaceAll("_", " ")} (${formatTimeZoneName(new Date(), timeZone)}).`}
        nav={<RoleNav role="admin" current="/admin/payments" />}
      />
      {isManual || due.items.length > 0 ? <DueByHand items={due.items} timeZone={timeZone} isManual={isManual} /> : null}
      <h2 className="text-lg font-semibold text-slate-900" id="failed-payments">
        Failed payments ({items.length})
      </h2>
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
                  <FailedPaymentForm attemptId={item.attemptId} kind={item.kind} action={decideFailedPaymentAction} />
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Every manual_due attempt, grouped by who pays whom, each with its "Mark received" / "Mark paid" form. */
function DueByHand({ items, timeZone, isManual }: { items: TDueByHand[]; timeZone: string; isManual: boolean }) {
  return (
    <Card title={`Due by hand (${items.length})`} titleId="due-by-hand">
      <div className="flex flex-col gap-6">
        <p className="text-sm text-slate-700">
          {isManual
            ? "Payments run in manual mode: no card is charged online. Money moves by bank transfer, cash or cheque, and you record each one here once it has moved, with its reference."
            : "These payments cannot go through the card processor (for example the refund of a lesson that was paid outside it). Settle each one by hand and record it here, with its reference."}{" "}
          {isManual ? <TextLink href="/api/admin/payouts.csv">Download the payouts due (CSV)</TextLink> : null}
        </p>
        {items.length === 0 ? <p className="text-sm text-slate-700">Nothing is due by hand.</p> : null}
        {DUE_GROUPS.map((group) => {
          const rows = items.filter((item) => item.kind === group.kind);
          if (rows.length === 0) return null;
          const headingId = `due-${group.kind}`;
          return (
            <section key={group.kind} aria-labelledby={headingId} className="flex flex-col gap-3">
              <h3 id={headingId} className="text-base font-semibold text-slate-900">
                {group.title} ({rows.length})
              </h3>
              <p className="text-sm text-slate-600">{group.explain}</p>
              <ul className="flex flex-col gap-4">
                {rows.map((item) => (
                  <li
                    key={item.attemptId}
                    data-testid="admin-due-by-hand"
                    className="flex min-w-0 flex-col gap-3 rounded-lg border border-slate-200 p-3 sm:p-4"
                  >
                    <DetailList
                      items={[
                        { term: "Amount", detail: <Money cents={item.amountCents} currency={item.currency} /> },
                        {
                          term: group.party,
                          detail: `${item.partyName ?? "—"}${item.partyRole === "parent" ? " (parent)" : ""}`,
                        },
                        {
                          term: "Lesson",
                          detail: (
                            <>
                              {item.subjectName} · <LocalTime date={item.scheduledStartAt} timeZone={timeZone} />
                            </>
                          ),
                        },
                        { term: "Due since", detail: <LocalTime date={item.dueSince} timeZone={timeZone} /> },
                      ]}
                    />
                    <DueByHandForm attemptId={item.attemptId} verb={group.verb} action={settleDueByHandAction} />
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </Card>
  );
}
