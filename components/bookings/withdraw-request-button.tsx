"use client";

import { ConfirmActionButton } from "@/components/sessions/confirm-action-button";
import type { TFormAction } from "@/lib/format/action-state";

/** "Withdraw request", behind a confirmation saying what it does. */
export function WithdrawRequestButton({ action, bookingId, description }: { action: TFormAction; bookingId: string; description: string }) {
  return (
    <ConfirmActionButton
      action={action}
      fields={{ bookingId }}
      label="Withdraw request"
      ariaLabel={`Withdraw request: ${description.split(".")[0]}`}
      title="Withdraw this request?"
      description={description}
      confirmLabel="Withdraw request"
      pendingLabel="Withdrawing…"
      testId="withdraw-request"
    />
  );
}
