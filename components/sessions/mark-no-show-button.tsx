"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { describeApiError, NETWORK_ERROR_MESSAGE } from "@/lib/format/api-error";
import { formatCountdown } from "@/lib/format/date-time";
import { useServerClock } from "./use-server-clock";

/** Preformatted on the server from noShowSplit and the session's frozen basis points. */
export type TNoShowAmounts = {
  price: string;
  charge: string;
  chargePercent: string;
  payout: string;
  payoutPercent: string;
  fee: string;
  feePercent: string;
  holdNote: string;
};

export type TMarkNoShowButtonProps = {
  sessionId: string;
  /** Start + no-show wait, and the scheduled end, ISO. */
  availableAt: string;
  endsAt: string;
  serverNow: string;
  timeZone: string;
  studentName: string;
  amounts: TNoShowAmounts;
};

/**
 * The tutor's no-show: disabled with a live "available in mm:ss" until the
 * wait has passed, then a confirmation dialog with the exact amounts.
 */
export function MarkNoShowButton(props: TMarkNoShowButtonProps) {
  const { sessionId, timeZone, studentName, amounts } = props;
  const router = useRouter();
  const now = useServerClock(props.serverNow);
  const availableAt = Date.parse(props.availableAt);
  const isBefore = now < availableAt;
  const isOver = now >= Date.parse(props.endsAt);
  const [isOpen, setIsOpen] = useState(false);
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const hintId = useId();

  if (isOver) return <p className="text-sm text-slate-700">The session has ended: a no-show can no longer be marked.</p>;

  async function confirm() {
    setIsPending(true);
    setError(null);
    try {
      const response = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/mark-no-show`, {
        method: "POST",
        headers: { accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        setIsOpen(false);
        router.refresh();
        return;
      }
      const body: unknown = await response.json().catch(() => null);
      setError(describeApiError(body, response.status, timeZone));
    } catch {
      setError(NETWORK_ERROR_MESSAGE);
    } finally {
      setIsPending(false);
    }
  }

  return (
    <div className="flex flex-col gap-2" data-testid="mark-no-show">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <Button
          variant="danger"
          disabled={isBefore}
          aria-describedby={isBefore ? hintId : undefined}
          onClick={() => {
            setError(null);
            setIsOpen(true);
          }}
        >
          Mark no-show
        </Button>
        {isBefore ? (
          <p id={hintId} className="text-sm text-slate-700">
            available in{" "}
            <span className="font-semibold tabular-nums" data-testid="no-show-countdown">
              {formatCountdown(availableAt - now)}
            </span>
          </p>
        ) : null}
      </div>
      <Dialog
        isOpen={isOpen}
        onClose={() => {
          if (!isPending) setIsOpen(false);
        }}
        title={`Mark ${studentName} as a no-show?`}
        description={`${studentName} hasn't joined. This ends the session and charges the student now. It can't be undone here.`}
      >
        <p className="text-sm text-slate-700" data-testid="no-show-tutor-joined-note">
          You must have joined the lesson yourself first (with Join on this page): a tutor who never joined can&apos;t mark a no-show.
        </p>
        <dl
          className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-2 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm"
          data-testid="no-show-amounts"
        >
          <dt>
            Student is charged{" "}
            <span className="text-slate-600">
              ({amounts.chargePercent} of {amounts.price})
            </span>
          </dt>
          <dd className="text-right font-semibold tabular-nums">{amounts.charge}</dd>
          <dt>
            Your payout <span className="text-slate-600">({amounts.payoutPercent})</span>
          </dt>
          <dd className="text-right font-semibold tabular-nums">{amounts.payout}</dd>
          <dt>
            Platform fee <span className="text-slate-600">({amounts.feePercent})</span>
          </dt>
          <dd className="text-right font-semibold tabular-nums">{amounts.fee}</dd>
        </dl>
        <p className="text-sm text-slate-600">{amounts.holdNote}</p>
        <Alert>{error}</Alert>
        {/* Cancel comes first: showModal() focuses it, the safe choice. */}
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={() => setIsOpen(false)} disabled={isPending}>
            Cancel
          </Button>
          <Button variant="danger" onClick={confirm} disabled={isPending}>
            {isPending ? "Marking…" : `Mark no-show and charge ${amounts.charge}`}
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
