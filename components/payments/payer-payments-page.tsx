import { RoleNav } from "@/components/sessions/role-nav";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { Money } from "@/components/ui/money";
import { PageHeader } from "@/components/ui/page-header";
import { TextLink } from "@/components/ui/text-link";
import { startCardCheckoutAction } from "@/app/pay/actions";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { asService, getDb } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";
import { listPayerPayments, type TPayerPayment } from "@/lib/payments/list-payer-payments";
import { getPaymentProvider } from "@/lib/payments/providers";
import { readSavedCard } from "@/lib/payments/save-payment-method";
import { PaymentStatusBadge } from "./payment-status-badge";
import { SavedCard } from "./saved-card";

/**
 * /student/payments and /parent/payments: the payer's card (replaceable) and every charge and refund of the
 * lessons they paid, each charge with its receipt. Payers never see the tutor's payout or the platform fee.
 */
export async function PayerPaymentsPage({ viewer, role }: { viewer: TAppViewer; role: "student" | "parent" }) {
  const db = getDb();
  const basePath = `/${role}/payments`;
  const provider = getPaymentProvider();
  const [payments, saved, timeZone] = await Promise.all([
    listPayerPayments({ db, viewer }),
    asService(db, (tx) => readSavedCard(tx, { userId: viewer.id })),
    asService(db, async (tx) => {
      const [row] = await tx<{ timezone: string }[]>`select timezone from public.profiles where id = ${viewer.id}`;
      return row?.timezone ?? "UTC";
    }),
  ]);
  return (
    <>
      <PageHeader
        title="Payments"
        subtitle={`Charges and refunds of the lessons you paid for. Times in ${timeZone.replaceAll("_", " ")}.`}
        nav={<RoleNav role={role} current={basePath} />}
      />
      <div className="flex flex-col gap-4">
        {provider.requiresSavedPaymentMethod ? (
          <Card title="Your card" titleId="card">
            <SavedCard card={saved?.card ?? null} next={basePath} action={startCardCheckoutAction} />
          </Card>
        ) : (
          <Card title="How you pay" titleId="card">
            <p className="text-sm text-slate-700">
              Lessons are paid by hand (a bank transfer or cash): amounts due are listed below, and you get a receipt once one is received.
            </p>
            <p className="mt-2 text-sm whitespace-pre-line text-slate-900" data-testid="manual-payment-instructions">
              {serverEnv().MANUAL_PAYMENT_INSTRUCTIONS ?? "The platform tells you where to pay each amount due."}
            </p>
          </Card>
        )}
        <Card title="Charges and refunds" titleId="payments">
          {payments.length === 0 ? (
            <p className="text-sm text-slate-700">No charges yet. A lesson is charged after it takes place.</p>
          ) : (
            <ul className="flex flex-col divide-y divide-slate-200" data-testid="payments-list">
              {payments.map((payment) => (
                <PaymentRow
                  key={payment.ledgerEntryId}
                  payment={payment}
                  basePath={basePath}
                  timeZone={timeZone}
                  isForChild={role === "parent"}
                />
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}

function PaymentRow({
  payment,
  basePath,
  timeZone,
  isForChild,
}: {
  payment: TPayerPayment;
  basePath: string;
  timeZone: string;
  /** A parent's list names the child each lesson was for. */
  isForChild: boolean;
}) {
  const needsPayer = payment.kind === "charge" && (payment.status === "needs_action" || payment.status === "failed");
  return (
    <li className="flex flex-col gap-1 py-3 sm:flex-row sm:items-center sm:justify-between" data-testid="payment-row">
      <div className="min-w-0">
        <p className="font-medium text-slate-900">
          {payment.kind === "refund" ? "Refund: " : ""}
          {payment.subjectName} with {payment.tutorName || "a tutor"}
        </p>
        <p className="text-sm text-slate-700">
          Lesson <LocalTime date={payment.lessonStartAt} timeZone={timeZone} />
          {isForChild && payment.studentName ? ` · for ${payment.studentName}` : ""}
        </p>
        {needsPayer && payment.reason ? <p className="text-sm text-amber-900">{payment.reason}</p> : null}
        {payment.kind === "refund" && payment.status === "failed" ? (
          <p className="text-sm text-amber-900" data-testid="refund-delayed-note">
            Your card issuer sent this refund back. The money is with us: our team will return it to you another way.
          </p>
        ) : null}
        {payment.kind === "charge" && payment.refundedCents > 0 && payment.refundedCents < payment.amountCents ? (
          <p className="text-sm text-slate-700">
            <Money cents={payment.refundedCents} currency={payment.currency} /> of it refunded
          </p>
        ) : null}
      </div>
      <div className="flex flex-wrap items-center gap-2 sm:justify-end">
        <span className="font-semibold text-slate-900">
          {payment.kind === "refund" ? "−" : ""}
          <Money cents={payment.amountCents} currency={payment.currency} testId="payment-amount" />
        </span>
        <PaymentStatusBadge status={payment.status} kind={payment.kind} />
        {needsPayer ? (
          <TextLink href={`/pay/${payment.attemptId}`} data-testid="complete-payment-link">
            Complete payment
          </TextLink>
        ) : null}
        {payment.kind === "charge" ? (
          <TextLink href={`${basePath}/${payment.ledgerEntryId}`} data-testid="receipt-link">
            Receipt
          </TextLink>
        ) : null}
      </div>
    </li>
  );
}
