"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { MAX_REASON_LENGTH, MIN_REASON_LENGTH } from "@/lib/disputes/dispute-rules";
import type { TActionState } from "@/lib/format/action-state";

/**
 * The end of an admin form posted to a server action (useActionState): the required reason as the `reason`
 * field, the action's answer, the submit button. (DecisionReasonFooter is its controlled twin.)
 */
export function ActionReasonFooter(props: { id: string; label: string; state: TActionState; isPending: boolean; submitLabel: string }) {
  return (
    <>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${props.id}-reason`} className="text-sm font-medium text-slate-800">
          {props.label}
        </label>
        <textarea
          id={`${props.id}-reason`}
          name="reason"
          required
          minLength={MIN_REASON_LENGTH}
          maxLength={MAX_REASON_LENGTH}
          rows={2}
          disabled={props.isPending}
          className="w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
        />
      </div>
      <Alert tone={props.state.status === "done" ? "success" : "error"}>{props.state.status === "idle" ? null : props.state.message}</Alert>
      <div>
        <Button type="submit" disabled={props.isPending}>
          {props.isPending ? "Saving…" : props.submitLabel}
        </Button>
      </div>
    </>
  );
}
