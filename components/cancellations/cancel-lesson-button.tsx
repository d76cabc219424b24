"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { useServerClock } from "@/components/sessions/use-server-clock";
import { CANCELLATION_REFUSAL_MESSAGES, type TCancellationView } from "@/lib/bookings/cancel-outcome";
import { cancellationRefusal } from "@/lib/bookings/cancellation-policy";
import { describeApiError, NETWORK_ERROR_MESSAGE } from "@/lib/format/api-error";
import { CancelLessonDialog } from "./cancel-lesson-dialog";

export type TCancelLessonButtonProps = {
  sessionId: string;
  /** "Mathematics with Tara", for the button's accessible name and the dialog title. */
  sessionLabel: string;
  storedStatus: string;
  startsAt: string;
  serverNow: string;
  timeZone: string;
};

type TPreview =
  { state: "idle" } | { state: "loading" } | { state: "ready"; view: TCancellationView } | { state: "error"; message: string };

/**
 * "Cancel lesson": disabled with the reason once it can't be cancelled (started, already cancelled or
 * charged); otherwise it asks the server what cancelling now would do (GET …/cancel) and shows that
 * exact outcome and its amounts in a dialog before anything changes.
 */
export function CancelLessonButton(props: TCancelLessonButtonProps) {
  const { sessionId, sessionLabel, timeZone } = props;
  const router = useRouter();
  const now = useServerClock(props.serverNow);
  const refusal = cancellationRefusal({ status: props.storedStatus, startAt: new Date(props.startsAt), now: new Date(now) });
  const [preview, setPreview] = useState<TPreview>({ state: "idle" });
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const hintId = useId();
  const url = `/api/sessions/${encodeURIComponent(sessionId)}/cancel`;

  async function open() {
    setError(null);
    setPreview({ state: "loading" });
    try {
      const response = await fetch(url, { headers: { accept: "application/json" }, credentials: "same-origin", cache: "no-store" });
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) return setPreview({ state: "error", message: describeApiError(body, response.status, timeZone) });
      setPreview({ state: "ready", view: (body as { cancellation: TCancellationView }).cancellation });
    } catch {
      setPreview({ state: "error", message: NETWORK_ERROR_MESSAGE });
    }
  }

  async function confirm(reason: string) {
    setIsPending(true);
    setError(null);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { accept: "application/json", "content-type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify(reason.trim() ? { reason: reason.trim() } : {}),
      });
      if (response.ok) {
        setPreview({ state: "idle" });
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
    <div className="flex flex-col gap-2" data-testid="cancel-lesson">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <Button
          variant="secondary"
          disabled={refusal !== null || preview.state === "loading"}
          aria-describedby={refusal ? hintId : undefined}
          aria-label={`Cancel lesson: ${sessionLabel}`}
          onClick={open}
        >
          {preview.state === "loading" ? "Checking…" : "Cancel lesson"}
        </Button>
        {refusal ? (
          <p id={hintId} className="text-sm text-slate-700" data-testid="cancel-lesson-disabled-reason">
            {CANCELLATION_REFUSAL_MESSAGES[refusal]}
          </p>
        ) : null}
      </div>
      <CancelLessonDialog
        isOpen={preview.state === "ready" || preview.state === "error"}
        onClose={() => {
          if (!isPending) setPreview({ state: "idle" });
        }}
        sessionLabel={sessionLabel}
        view={preview.state === "ready" ? preview.view : null}
        loadError={preview.state === "error" ? preview.message : null}
        timeZone={timeZone}
        isPending={isPending}
        error={error}
        onConfirm={confirm}
      />
    </div>
  );
}
