import { notFound } from "next/navigation";
import { z } from "zod";
import { Card } from "@/components/ui/card";
import { DetailList } from "@/components/ui/detail-list";
import { LocalTime } from "@/components/ui/local-time";
import { Money } from "@/components/ui/money";
import { TextLink } from "@/components/ui/text-link";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { getDb } from "@/lib/db";
import { formatDuration } from "@/lib/format/date-time";
import { getPaymentProvider } from "@/lib/payments/providers";
import { readPaymentReceipt, type TPaymentReceipt } from "@/lib/payments/read-payment-receipt";
import { PaymentStatusBadge } from "./payment-status-badge";
import { PrintButton } from "./print-button";
import { cardLabel } from "./saved-card";

// The site header and navigation are not part of a printed receipt.
const PRINT_CSS = "@media print { body > header, nav { display: none !important; } body { background: white; } }";

/** A printable receipt of one charge for its payer: lesson, date in their zone, amount, card, reference, refunds. */
export async function PaymentReceipt({
  viewer,
  role,
  ledgerEntryId,
}: {
  viewer: TAppViewer;
  role: "student" | "parent";
  ledgerEntryId: string;
}) {
  if (!z.uuid().safeParse(ledgerEntryId).success) notFound();
  const receipt = await load(viewer, ledgerEntryId);
  const { charge, refunds, timeZone } = receipt;
  const refundedCents = refunds.filter((refund) => refund.status !== "cancelled").reduce((sum, refund) => sum + refund.amountCents, 0);
  return (
    <article className="mx-auto max-w-2xl" data-testid="receipt">
      <style>{PRINT_CSS}</style>
      <p className="mb-4 text-sm print:hidden">
        <TextLink href={`/${role}/payments`}>← All payments</TextLink>
      </p>
      <header className="mb-4 flex flex-wrap items-start justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">Receipt</h1>
          <p className="text-sm text-slate-700">Times in {timeZone.replaceAll("_", " ")}.</p>
        </div>
        <PrintButton />
      </header>
      <Card className="print:border-0 print:shadow-none">
        <DetailList
          items={[
            { term: "Paid by", detail: receipt.payerName || viewer.email },
            { term: "Lesson", detail: `${charge.subjectName} with ${charge.tutorName || "a tutor"}` },
            ...(role === "parent" && charge.studentName ? [{ term: "Student", detail: charge.studentName }] : []),
            { term: "Lesson time", detail: <LocalTime date={charge.lessonStartAt} timeZone={timeZone} /> },
            { term: "Length", detail: formatDuration(receipt.durationMinutes) },
            { term: "Charged on", detail: <LocalTime date={charge.postedAt} timeZone={timeZone} /> },
            { term: "Amount", detail: <Money cents={charge.amountCents} currency={charge.currency} testId="receipt-amount" /> },
            { term: "Status", detail: <PaymentStatusBadge status={charge.status} kind="charge" /> },
            { term: "Card", detail: paidWithLabel(receipt.card), testId: "receipt-card" },
            { term: "Payment reference", detail: charge.providerRef ?? "Not collected yet", testId: "receipt-reference" },
            ...(refundedCents > 0
              ? [
                  { term: "Refunded", detail: <Money cents={refundedCents} currency={charge.currency} testId="receipt-refunded" /> },
                  { term: "Net paid", detail: <Money cents={charge.amountCents - refundedCents} currency={charge.currency} /> },
                ]
              : []),
          ]}
        />
        {refunds.length > 0 ? <RefundList refunds={refunds} settledOutside={receipt.refundsSettledOutside} timeZone={timeZone} /> : null}
      </Card>
    </article>
  );
}

function RefundList({
  refunds,
  settledOutside,
  timeZone,
}: {
  refunds: TPaymentReceipt["refunds"];
  settledOutside: string[];
  timeZone: string;
}) {
  return (
    <section aria-labelledby="refunds-title" className="mt-6">
      <h2 id="refunds-title" className="mb-2 text-base font-semibold text-slate-900">
        Refunds
      </h2>
      <ul className="flex flex-col gap-2 text-sm">
        {refunds.map((refund) => (
          <li key={refund.ledgerEntryId} className="flex flex-wrap items-center gap-2">
            <LocalTime date={refund.postedAt} timeZone={timeZone} />
            <Money cents={refund.amountCents} currency={refund.currency} />
            <PaymentStatusBadge status={refund.status} kind="refund" />
            {refund.providerRef ? (
              <span className="text-slate-600">
                {settledOutside.includes(refund.attemptId) ? "paid back outside the card processor · " : ""}ref {refund.providerRef}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

async function load(viewer: TAppViewer, ledgerEntryId: string): Promise<TPaymentReceipt> {
  try {
    return await readPaymentReceipt({ db: getDb(), viewer, provider: getPaymentProvider(), ledgerEntryId });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

function paidWithLabel(card: TPaymentReceipt["card"]): string {
  switch (card.status) {
    case "card":
      return cardLabel(card);
    case "by_hand":
      return "Paid by hand";
    case "not_collected":
      return "Not collected yet";
    case "unavailable":
      return "Card details unavailable right now";
    case "outside":
      return `Paid outside the card processor · reference ${card.reference}`;
  }
}
