"use client";

import { useId, useState, type FormEvent } from "react";
import { DecisionReasonFooter } from "@/components/admin/decision-reason-footer";
import { DISPUTE_OUTCOMES, MIN_REASON_LENGTH, type TDisputeOutcome } from "@/lib/disputes/dispute-rules";
import { formatMoney } from "@/lib/format/money";
import { useApiRequest } from "@/components/ui/use-api-request";

const LABELS: Record<TDisputeOutcome, string> = {
  refund_full: "Refund in full",
  refund_partial: "Refund part",
  release: "Release to the tutor",
};

/** The admin's decision on one dispute (POST /api/admin/disputes/:id/decision); a reason is required. */
export function DisputeDecisionForm({
  disputeId,
  refundableCents,
  currency,
  timeZone,
}: {
  disputeId: string;
  refundableCents: number;
  currency: string;
  timeZone: string;
}) {
  const id = useId();
  const [outcome, setOutcome] = useState<TDisputeOutcome | null>(null);
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const { send, isPending, error } = useApiRequest(timeZone);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!outcome) return setLocalError("Choose an outcome.");
    if (reason.trim().length < MIN_REASON_LENGTH) return setLocalError("A reason is required.");
    let amountCents: number | undefined;
    if (outcome === "refund_partial") {
      amountCents = Math.round(Number(amount) * 100);
      if (!Number.isFinite(amountCents) || amountCents < 1 || amountCents > refundableCents) {
        return setLocalError(`Enter an amount from ${formatMoney(1, currency)} to ${formatMoney(refundableCents, currency)}.`);
      }
    }
    setLocalError(null);
    await send(`/api/admin/disputes/${encodeURIComponent(disputeId)}/decision`, "POST", {
      outcome,
      ...(amountCents === undefined ? {} : { amount_cents: amountCents }),
      reason: reason.trim(),
    });
  }

  return (
    <form className="flex flex-col gap-3" onSubmit={submit} aria-label="Decide the dispute" noValidate>
      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium text-slate-800">Outcome</legend>
        {DISPUTE_OUTCOMES.map((value) => (
          <label key={value} className="flex items-center gap-2 text-sm text-slate-800">
            <input
              type="radio"
              name={`${id}-outcome`}
              value={value}
              checked={outcome === value}
              onChange={() => setOutcome(value)}
              disabled={isPending}
              className="size-4"
            />
            {LABELS[value]}
            {value === "refund_full" ? ` (${formatMoney(refundableCents, currency)})` : ""}
          </label>
        ))}
      </fieldset>
      {outcome === "refund_partial" ? (
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-amount`} className="text-sm font-medium text-slate-800">
            Amount to refund ({currency})
          </label>
          <input
            id={`${id}-amount`}
            type="number"
            inputMode="decimal"
            min="0.01"
            step="0.01"
            max={(refundableCents / 100).toFixed(2)}
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
            disabled={isPending}
            required
            aria-describedby={`${id}-amount-hint`}
            className="w-40 rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
          />
          <p id={`${id}-amount-hint`} className="text-xs text-slate-600">
            At most {formatMoney(refundableCents, currency)}; the payout and the fee are reduced in proportion.
          </p>
        </div>
      ) : null}
      <DecisionReasonFooter
        id={id}
        reason={reason}
        onReasonChange={setReason}
        isPending={isPending}
        error={localError ?? error}
        submitLabel="Decide"
        pendingLabel="Deciding…"
      />
    </form>
  );
}
