import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionButtonForm } from "@/components/payments/action-button-form";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { DetailList } from "@/components/ui/detail-list";
import { LocalTime } from "@/components/ui/local-time";
import { Money } from "@/components/ui/money";
import { PageHeader } from "@/components/ui/page-header";
import { TextLink } from "@/components/ui/text-link";
import { AppError } from "@/lib/api/errors";
import { requireRole } from "@/lib/auth/require-role";
import { getDb } from "@/lib/db";
import { formatDuration } from "@/lib/format/date-time";
import { readPayableAttempt, type TPayableAttempt } from "@/lib/payments/read-payable-attempt";
import { payNowAction } from "../actions";

export const metadata: Metadata = { title: "Complete payment" };

type TProps = { params: Promise<{ attemptId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Why the card was not charged, in words the payer can act on. */
function reasonFor(attempt: TPayableAttempt): string {
  if (attempt.lastErrorCode === "authentication_required") {
    return "Your bank asks you to confirm this payment yourself (for example with a code it sends you).";
  }
  if (attempt.lastErrorCode) {
    return `Your card was declined.${attempt.lastErrorMessage ? ` ${attempt.lastErrorMessage}` : ""} Pay with this or another card.`;
  }
  return "We could not charge your saved card.";
}

export default async function CompletePaymentPage({ params, searchParams }: TProps) {
  const viewer = await requireRole(["student", "parent"]);
  const { attemptId } = await params;
  if (!z.uuid().safeParse(attemptId).success) notFound();
  const attempt = await load(() => readPayableAttempt({ db: getDb(), viewer, attemptId }));
  const paid = (await searchParams).paid;
  const isPaid = attempt.status === "succeeded";
  const canPay = attempt.status === "action_required" || attempt.status === "failed";
  return (
    <>
      <PageHeader title="Complete payment" subtitle={`Times in ${attempt.timeZone.replaceAll("_", " ")}.`} />
      <div className="flex flex-col gap-4">
        {paid === "0" && !isPaid ? <Alert>The payment was not finished. You can try again below.</Alert> : null}
        <Card title="Your lesson" titleId="lesson">
          <DetailList
            items={[
              { term: "Lesson", detail: `${attempt.subjectName} with ${attempt.tutorName || "a tutor"}` },
              ...(viewer.role === "parent" && attempt.studentName ? [{ term: "Student", detail: attempt.studentName }] : []),
              { term: "When", detail: <LocalTime date={attempt.startAt} timeZone={attempt.timeZone} /> },
              { term: "Length", detail: formatDuration(attempt.durationMinutes) },
              { term: "Amount", detail: <Money cents={attempt.amountCents} currency={attempt.currency} testId="pay-amount" /> },
            ]}
          />
        </Card>
        {isPaid ? (
          <div data-testid="payment-done">
            <Alert tone="success">This lesson is paid. Thank you!</Alert>
          </div>
        ) : canPay ? (
          <Card title="Why we need you" titleId="why">
            <p className="mb-4 text-sm text-slate-800" data-testid="pay-reason">
              {reasonFor(attempt)}
            </p>
            <ActionButtonForm
              action={payNowAction}
              fields={{ attempt_id: attempt.id }}
              label="Pay now"
              pendingLabel="Opening the secure page…"
              testId="pay-now"
            />
          </Card>
        ) : (
          <Alert tone="info">This payment does not need you right now; we collect it automatically.</Alert>
        )}
        <p className="text-sm">
          <TextLink href={`/${viewer.role}/payments`}>All your payments</TextLink>
        </p>
      </div>
    </>
  );
}

async function load<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}
