"use client";

import { useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

/** bookings.decline_reason's limit (supabase/migrations/…_add_bookings_decline_reason.sql). */
export const MAX_DECLINE_REASON_LENGTH = 500;

/**
 * "Decline this request?": says what happens, takes an optional reason the student
 * will see, and submits the decline form. Cancel is first, so Enter or Escape is safe.
 */
export function DeclineDialog({
  isOpen,
  onClose,
  bookingId,
  label,
  action,
  isPending,
  error,
}: {
  isOpen: boolean;
  onClose: () => void;
  bookingId: string;
  label: string;
  action: (formData: FormData) => void;
  isPending: boolean;
  error: string | null;
}) {
  const [reason, setReason] = useState("");
  const reasonId = useId();
  const hintId = useId();
  return (
    <Dialog
      isOpen={isOpen}
      onClose={() => {
        if (!isPending) onClose();
      }}
      title="Decline this request?"
      description={`The ${label} is declined and the student is told. This can't be undone: they would have to request again.`}
    >
      <form action={action} className="flex flex-col gap-3">
        <input type="hidden" name="bookingId" value={bookingId} />
        <div className="flex flex-col gap-1">
          <label htmlFor={reasonId} className="text-sm font-medium text-slate-800">
            Reason (optional)
          </label>
          <textarea
            id={reasonId}
            name="reason"
            rows={3}
            maxLength={MAX_DECLINE_REASON_LENGTH}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            aria-describedby={hintId}
            className="w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
          />
          <p id={hintId} className="text-sm text-slate-600">
            The student will see this. {MAX_DECLINE_REASON_LENGTH - reason.length} characters left.
          </p>
        </div>
        <Alert>{error}</Alert>
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={onClose} disabled={isPending} data-autofocus>
            Cancel
          </Button>
          <Button type="submit" variant="danger" disabled={isPending}>
            {isPending ? "Declining…" : "Decline request"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
