"use client";

import { useActionState, useId, useState } from "react";
import { ActionReasonFooter } from "@/components/admin/action-reason-footer";
import { TextField } from "@/components/ui/text-field";
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
      <ActionReasonFooter id={id} label="Reason (kept with the decision)" state={state} isPending={isPending} submitLabel={"Decide"} />
    </form>
  );
}
