"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, type TButtonVariant } from "@/components/ui/button";
import { IDLE_ACTION_STATE, type TFormAction } from "@/lib/format/action-state";

/**
 * One button that runs a server action with a few hidden fields (off to a hosted page: Checkout,
 * onboarding); its refusal is shown beside it.
 */
export function ActionButtonForm({
  action,
  fields,
  label,
  pendingLabel,
  variant = "primary",
  testId,
}: {
  action: TFormAction;
  fields: Record<string, string>;
  label: string;
  pendingLabel: string;
  variant?: TButtonVariant;
  testId?: string;
}) {
  const [state, submit, isPending] = useActionState(action, IDLE_ACTION_STATE);
  return (
    <form action={submit} className="flex flex-col gap-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button type="submit" variant={variant} disabled={isPending} data-testid={testId} className="w-full sm:w-auto">
        {isPending ? pendingLabel : label}
      </Button>
      <Alert>{state.status === "error" ? state.message : null}</Alert>
    </form>
  );
}
