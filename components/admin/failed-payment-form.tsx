"use client";

import { useActionState, useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { MAX_REASON_LENGTH, MIN_REASON_LENGTH } from "@/lib/disputes/dispute-rules";
import { IDLE_ACTION_STATE, type TFormAction } from "@/lib/format/action-state";
import { MAX_REFERENCE_LENGTH } from "@/lib/payments/settlement-rules";

type TKind = "charge" | "refund" | "transfer";

/**
 * Decide one failed payment with a required reason (a server action): retry now, write off (a charge only:
 * a refund or a payout is money owed to someone), or settled outside the provider (with its reference).
 */
export function FailedPaymentForm({ attemptId, kind, action }: { attemptId: string; kind: TKind; action: TFormAction }) {
  const id = useId();
  const [state, submit, isPending] = useActionState(action, IDLE_ACTION_STATE);
  const [outcome, setOutcome] = useState<string>("");
  const outcomes = [
    { value: "retry", label: "Retry now" },
    ...(kind === "charge" ? [{ value: "write_off", label: "Write off" }] : []),
    { value: "settled_outside", label: "Settled outside" },
  ];
  return (
    <form action={submit} className="flex flex-col gap-3" aria-label="Decide the failed payment">
      <input type="hidden" name="attempt_id" value={attemptId} />
      <fieldset className="flex flex-wrap gap-4">
        <legend className="mb-1 text-sm font-medium text-slate-800">Decision</legend>
        {outcomes.map((option) => (
          <label key={option.value} className="flex items-center gap-2 text-sm text-slate-800">
            <input
              type="radio"
              name="outcome"
              value={option.value}
              required
              disabled={isPending}
              className="size-4"
              onChange={(event) => setOutcome(event.currentTarget.value)}
            />
            {option.label}
          </label>
        ))}
      </fieldset>
      {kind !== "charge" ? (
        <p className="text-sm text-slate-600">
          {kind === "refund" ? "The payer is owed this money" : "The tutor is owed this money"}: it cannot be written off. Retry it, or pay
          it another way (bank transfer, cash, cheque) and record it as settled outside.
        </p>
      ) : null}
      {outcome === "settled_outside" ? (
        <TextField
          id={`${id}-reference`}
          name="reference"
          label="Reference (bank reference, receipt or cheque number)"
          hint="Paid another way than the card processor: what identifies that payment."
          required
          maxLength={MAX_REFERENCE_LENGTH}
          disabled={isPending}
          autoComplete="off"
        />
      ) : null}
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-reason`} className="text-sm font-medium text-slate-800">
          Reason (kept with the decision)
        </label>
        <textarea
          id={`${id}-reason`}
          name="reason"
          required
          minLength={MIN_REASON_LENGTH}
          maxLength={MAX_REASON_LENGTH}
          rows={2}
          disabled={isPending}
          className="w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
        />
      </div>
      <Alert tone={state.status === "done" ? "success" : "error"}>{state.status === "idle" ? null : state.message}</Alert>
      <div>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Saving…" : "Decide"}
        </Button>
      </div>
    </form>
  );
}
