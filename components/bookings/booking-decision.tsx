"use client";

import { useActionState } from "react";
import { TextLink } from "@/components/ui/text-link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { IDLE_ACTION_STATE, type TFormAction } from "@/lib/format/action-state";

/**
 * Confirm / Decline for one pending request. Confirming creates the session
 * and its meeting; without a video connection the server refuses and this
 * says where to connect one.
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
        <form action={decline}>
          <input type="hidden" name="bookingId" value={bookingId} />
          <Button type="submit" variant="secondary" disabled={isPending} aria-label={`Decline ${label}`}>
            {isDeclining ? "Declining…" : "Decline"}
          </Button>
        </form>
      </div>
      <Alert>
        {failure?.status === "error" ? (
          <>
            {withFullStop(failure.message)}
            {failure.code === "provider_not_connected" ? (
              <>
                {" "}
                <TextLink href="/tutor/video-setup">Set up video</TextLink>
              </>
            ) : null}
          </>
        ) : null}
      </Alert>
    </div>
  );
}

function withFullStop(message: string): string {
  return /[.!?]$/.test(message.trim()) ? message : `${message}.`;
}
