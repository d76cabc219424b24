"use client";

import { useActionState, useId } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { MAX_REASON_LENGTH, MIN_REASON_LENGTH } from "@/lib/disputes/dispute-rules";
import { IDLE_ACTION_STATE, type TFormAction } from "@/lib/format/action-state";
import { MAX_REFERENCE_LENGTH } from "@/lib/payments/settlement-rules";

/** Mark one payment due by hand as received (a charge) or paid (a refund, a payout), with its reference and a note. */
export function DueByHandForm({
  attemptId,
  verb,
  action,
}: {
  attemptId: string;
  verb: "Mark received" | "Mark paid";
  action: TFormAction;
}) {
  const id = useId();
  const [state, submit, isPending] = useActionState(action, IDLE_ACTION_STATE);
  return (
    <form action={submit} className="flex flex-col gap-3" aria-label={verb}>
      <input type="hidden" name="attempt_id" value={attemptId} />
      <TextField
        id={`${id}-reference`}
        name="reference"
        label="Reference (bank reference, receipt or cheque number)"
        required
        maxLength={MAX_REFERENCE_LENGTH}
        disabled={isPending}
        autoComplete="off"
      />
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-reason`} className="text-sm font-medium text-slate-800">
          Note (kept with the record)
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
          {isPending ? "Saving…" : verb}
        </Button>
      </div>
    </form>
  );
}
