"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextareaField } from "@/components/disputes/textarea-field";
import { MAX_REASON_LENGTH, MIN_REASON_LENGTH } from "@/lib/disputes/dispute-rules";

/** The end of every admin decision form: the required reason (kept with the decision), the error, the submit button. */
export function DecisionReasonFooter(props: {
  id: string;
  reason: string;
  onReasonChange: (reason: string) => void;
  isPending: boolean;
  error: string | null;
  submitLabel: string;
  pendingLabel: string;
}) {
  return (
    <>
      <TextareaField
        id={`${props.id}-reason`}
        label="Reason (kept with the decision)"
        value={props.reason}
        onChange={props.onReasonChange}
        minLength={MIN_REASON_LENGTH}
        maxLength={MAX_REASON_LENGTH}
        disabled={props.isPending}
        rows={2}
      />
      <Alert>{props.error}</Alert>
      <div>
        <Button type="submit" disabled={props.isPending}>
          {props.isPending ? props.pendingLabel : props.submitLabel}
        </Button>
      </div>
    </>
  );
}
