"use client";

import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextLink } from "@/components/ui/text-link";
import { IDLE_ACTION_STATE, type TFormAction } from "@/lib/format/action-state";
import { DeclineDialog } from "./decline-dialog";

/**
 * Confirm / Decline for one pending request. Confirming creates the session
 * and its meeting; without a video connection the server refuses and this
 * says where to connect one. Declining asks first, with an optional reason.
 */
export function BookingDecision({
  bookingId,
  label,
  confirmAction,
  declineAction,
}: {
  bookingId: string;
  /** Names the request for screen readers when several share a page. */
  label: string;
  confirmAction: TFormAction;
  declineAction: TFormAction;
}) {
  const [confirmState, confirm, isConfirming] = useActionState(confirmAction, IDLE_ACTION_STATE);
  const [declineState, decline, isDeclining] = useActionState(declineAction, IDLE_ACTION_STATE);
  const [isDeclineOpen, setIsDeclineOpen] = useState(false);
  const isPending = isConfirming || isDeclining;
  const failure = [confirmState, declineState].find((state) => state.status === "error");
  return (
    <div className="flex min-w-0 flex-col gap-2" data-testid="booking-decision">
      <div className="flex flex-wrap gap-2">
        <form action={confirm}>
          <input type="hidden" name="bookingId" value={bookingId} />
          <Button type="submit" disabled={isPending} aria-label={`Confirm ${label}`}>
            {isConfirming ? "Confirming…" : "Confirm"}
          </Button>
        </form>
        <Button variant="secondary" disabled={isPending} aria-label={`Decline ${label}`} onClick={() => setIsDeclineOpen(true)}>
          {isDeclining ? "Declining…" : "Decline"}
        </Button>
      </div>
      <DeclineDialog
        isOpen={isDeclineOpen}
        onClose={() => setIsDeclineOpen(false)}
        bookingId={bookingId}
        label={label}
        action={decline}
        isPending={isDeclining}
        error={declineState.status === "error" ? declineState.message : null}
      />
      <Alert>
        {failure?.status === "error" ? (
          <>
            {failure.code === "provider_not_connected" ? (
              <>
                {withFullStop(failure.message)} <TextLink href="/tutor/video-setup">Set up video</TextLink>
              </>
            ) : (
              withFullStop(failure.message)
            )}
          </>
        ) : null}
      </Alert>
    </div>
  );
}

function withFullStop(message: string): string {
  return /[.!?]$/.test(message.trim()) ? message : `${message}.`;
}
