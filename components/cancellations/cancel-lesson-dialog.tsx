"use client";

import { useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { LocalTime } from "@/components/ui/local-time";
import { MAX_CANCEL_REASON_LENGTH } from "@/lib/bookings/cancel-session-schema";
import type { TCancellationView } from "@/lib/bookings/cancel-outcome";
import { formatMoney } from "@/lib/format/money";
import { formatBps } from "@/lib/format/percent";

/**
 * The confirmation: the policy that applies right now, the exact amounts (the payer's charge; the
 * payout and fee only to those who may see them), and an optional reason. "Keep lesson" comes first,
 * so Enter or Escape is the safe choice.
 */
export function CancelLessonDialog({
  isOpen,
  onClose,
  sessionLabel,
  view,
  loadError,
  timeZone,
  isPending,
  error,
  onConfirm,
}: {
  isOpen: boolean;
  onClose: () => void;
  sessionLabel: string;
  view: TCancellationView | null;
  loadError: string | null;
  timeZone: string;
  isPending: boolean;
  error: string | null;
  onConfirm: (reason: string) => void;
}) {
  const [reason, setReason] = useState("");
  const reasonId = useId();
  const hintId = useId();
  const isAllowed = view?.allowed === true;
  return (
    <Dialog
      isOpen={isOpen}
      onClose={onClose}
      title={`Cancel ${sessionLabel}?`}
      description={view ? view.message : (loadError ?? undefined)}
    >
      {view?.allowed ? <CancellationAmounts view={view} timeZone={timeZone} /> : null}
      {isAllowed ? (
        <div className="flex flex-col gap-1">
          <label htmlFor={reasonId} className="text-sm font-medium text-slate-800">
            Reason (optional)
          </label>
          <textarea
            id={reasonId}
            rows={3}
            maxLength={MAX_CANCEL_REASON_LENGTH}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            aria-describedby={hintId}
            className="w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
          />
          <p id={hintId} className="text-sm text-slate-600">
            Kept in the lesson&apos;s history. {MAX_CANCEL_REASON_LENGTH - reason.length} characters left.
          </p>
        </div>
      ) : null}
      <Alert>{error}</Alert>
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="secondary" onClick={onClose} disabled={isPending} data-autofocus>
          Keep lesson
        </Button>
        {view?.allowed ? (
          <Button variant="danger" onClick={() => onConfirm(reason)} disabled={isPending} data-testid="confirm-cancel-lesson">
            {isPending ? "Cancelling…" : confirmLabel(view)}
          </Button>
        ) : null}
      </div>
    </Dialog>
  );
}

function confirmLabel(view: Extract<TCancellationView, { allowed: true }>): string {
  return view.charge_cents > 0 ? `Cancel and pay ${formatMoney(view.charge_cents, view.currency)}` : "Cancel lesson for free";
}

function CancellationAmounts({ view, timeZone }: { view: Extract<TCancellationView, { allowed: true }>; timeZone: string }) {
  const price = formatMoney(view.price_cents, view.currency);
  return (
    <div className="flex flex-col gap-2">
      <dl
        className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-2 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm"
        data-testid="cancel-amounts"
      >
        <dt>
          {view.actor === "student" || view.actor === "parent" ? "You are charged" : "The student is charged"}{" "}
          {view.charge_cents > 0 ? (
            <span className="text-slate-600">
              ({formatBps(view.charge_bps)} of {price})
            </span>
          ) : null}
        </dt>
        <dd className="text-right font-semibold tabular-nums" data-testid="cancel-charge">
          {formatMoney(view.charge_cents, view.currency)}
        </dd>
        {view.payout_cents !== null ? (
          <>
            <dt>{view.actor === "tutor" ? "Your payout" : "Tutor payout"}</dt>
            <dd className="text-right font-semibold tabular-nums">{formatMoney(view.payout_cents, view.currency)}</dd>
          </>
        ) : null}
        {view.platform_fee_cents !== null ? (
          <>
            <dt>Platform fee</dt>
            <dd className="text-right font-semibold tabular-nums">{formatMoney(view.platform_fee_cents, view.currency)}</dd>
          </>
        ) : null}
      </dl>
      {view.actor === "student" || view.actor === "parent" ? (
        <p className="text-sm text-slate-600">
          Free cancellation {view.policy === "free" ? "is open until" : "ended at"}{" "}
          <LocalTime date={new Date(view.free_until)} timeZone={timeZone} /> ({view.free_cancel_hours} hours before the start).
        </p>
      ) : null}
    </div>
  );
}
