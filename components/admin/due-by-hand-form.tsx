"use client";

import { useActionState, useId } from "react";
import { ActionReasonFooter } from "@/components/admin/action-reason-footer";
import { TextField } from "@/components/ui/text-field";
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
      <ActionReasonFooter id={id} label="Note (kept with the record)" state={state} isPending={isPending} submitLabel={verb} />
    </form>
  );
}
