"use client";

import { useActionState, useId } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { MAX_REASON_LENGTH, MIN_REASON_LENGTH } from "@/lib/disputes/dispute-rules";
import { IDLE_ACTION_STATE, type TFormAction } from "@/lib/format/action-state";

/** Retry or write off one failed payment, with a required reason (a server action). */
export function FailedPaymentForm({ attemptId, action }: { attemptId: string; action: TFormAction }) {
  const id = useId();
  const [state, submit, isPending] = useActionState(action, IDLE_ACTION_STATE);
  return (
    <form action={submit} className="flex flex-col gap-3" aria-label="Decide the failed payment">
      <input type="hidden" name="attempt_id" value={attemptId} />
      <fieldset className="flex flex-wrap gap-4">
        <legend className="mb-1 text-sm font-medium text-slate-800">Decision</legend>
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="radio" name="outcome" value="retry" required disabled={isPending} className="size-4" />
          Retry now
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="radio" name="outcome" value="write_off" required disabled={isPending} className="size-4" />
          Write off
        </label>
      </fieldset>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-reason`} className="text-sm font-medium text-slate-800">
          Reason (kept with the decision)
        </label>
        <textarea
          id={`${id}-reason`}
          name="reason"
          required
          minLength={MIN_REASON_LENGTH}
          maxLength={MAX_REASON_LENGTH}
          rows={2}
          disabled={isPending}
          className="w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
        />
      </div>
      <Alert tone={state.status === "done" ? "success" : "error"}>{state.status === "idle" ? null : state.message}</Alert>
      <div>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Saving…" : "Decide"}
        </Button>
      </div>
    </form>
  );
}
