"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { buttonClassName, type TButtonVariant } from "@/components/ui/button";
import { IDLE_ACTION_STATE, type TFormAction } from "@/lib/format/action-state";

/** "Use Jitsi Meet": one click connects it; a refusal is shown as the server said it. */
export function ConnectJitsiButton({
  action,
  label,
  variant,
  disabled,
}: {
  action: TFormAction;
  label: string;
  variant: TButtonVariant;
  disabled: boolean;
}) {
  const [state, submit, isPending] = useActionState(action, IDLE_ACTION_STATE);
  return (
    <form action={submit} className="flex flex-col gap-2">
      <button type="submit" disabled={disabled || isPending} className={buttonClassName(variant)}>
        {isPending ? "Connecting…" : label}
      </button>
      <Alert>{state.status === "error" ? state.message : null}</Alert>
    </form>
  );
}
