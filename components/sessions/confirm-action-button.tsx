"use client";

import { useActionState, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { IDLE_ACTION_STATE, type TActionState, type TFormAction } from "@/lib/format/action-state";

export type TConfirmActionButtonProps = {
  action: TFormAction;
  /** Hidden form fields the action receives. */
  fields: Record<string, string>;
  label: string;
  /** The button's accessible name, naming whom it affects ("Unlink Sam Student"). */
  ariaLabel: string;
  title: string;
  /** What happens, in words the person can weigh before confirming. */
  description: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  testId?: string;
};

/**
 * A destructive one-click action behind a confirmation: the button opens a dialog
 * saying what happens; only its own confirm button submits the server action. An
 * error keeps the dialog open and says what went wrong.
 */
export function ConfirmActionButton(props: TConfirmActionButtonProps) {
  const { action, fields, label, ariaLabel, title, description, confirmLabel, pendingLabel, testId } = props;
  const [isOpen, setIsOpen] = useState(false);
  const [state, submit, isPending] = useActionState(async (previous: TActionState, formData: FormData) => {
    const next = await action(previous, formData);
    if (next.status !== "error") setIsOpen(false);
    return next;
  }, IDLE_ACTION_STATE);
  return (
    <>
      <Button variant="secondary" aria-label={ariaLabel} data-testid={testId} onClick={() => setIsOpen(true)}>
        {label}
      </Button>
      <Dialog
        isOpen={isOpen}
        onClose={() => {
          if (!isPending) setIsOpen(false);
        }}
        // Names and emails can be long and unbroken: let them wrap anywhere.
        title={<span className="[overflow-wrap:anywhere]">{title}</span>}
        description={<span className="[overflow-wrap:anywhere]">{description}</span>}
      >
        <form action={submit} className="flex flex-col gap-4">
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <Alert>{state.status === "error" ? state.message : null}</Alert>
          {/* Cancel comes first: showModal() focuses it, the safe choice. */}
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="secondary" onClick={() => setIsOpen(false)} disabled={isPending}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={isPending}>
              {isPending ? pendingLabel : confirmLabel}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
