"use client";

import { useActionState, useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { IDLE_ACTION_STATE, type TFormAction } from "@/lib/format/action-state";

/**
 * The private calendar feed on /account: make or reset the URL, then copy it into a calendar app. The URL
 * is shown once, right after it is made (only its hash is stored); resetting makes the old one stop working.
 */
export function CalendarFeedCard({ createdAtLabel, action }: { createdAtLabel: string | null; action: TFormAction }) {
  const [state, reset, isPending] = useActionState(action, IDLE_ACTION_STATE);
  const [copied, setCopied] = useState(false);
  const urlId = useId();
  const url = state.status === "done" ? state.message : null;

  return (
    <div className="flex max-w-xl flex-col gap-3" data-testid="calendar-feed">
      <p className="text-sm text-slate-700">
        Subscribe to your lessons (upcoming and the last 30 days) from Google Calendar, Apple Calendar or Outlook. Moved lessons move there
        too; cancelled ones are marked cancelled. Anyone with the URL can read your lesson times, so keep it private.
      </p>
      <p className="text-sm text-slate-700">
        {createdAtLabel ? `Your current feed URL was made ${createdAtLabel}.` : "You have no feed URL yet."}
      </p>
      {url ? (
        <div className="flex flex-col gap-1">
          <label htmlFor={urlId} className="text-sm font-medium text-slate-800">
            Your feed URL (shown only now: copy it)
          </label>
          <div className="flex flex-wrap gap-2">
            <input
              id={urlId}
              readOnly
              value={url}
              onFocus={(event) => event.currentTarget.select()}
              className="min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-2 text-sm"
              data-testid="calendar-feed-url"
            />
            <Button
              variant="secondary"
              onClick={async () => {
                await navigator.clipboard.writeText(url).then(
                  () => setCopied(true),
                  () => setCopied(false),
                );
              }}
            >
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
        </div>
      ) : null}
      <Alert>{state.status === "error" ? state.message : null}</Alert>
      <form action={reset}>
        <Button type="submit" variant={createdAtLabel || url ? "secondary" : "primary"} disabled={isPending}>
          {isPending ? "Making…" : createdAtLabel || url ? "Reset feed URL" : "Create feed URL"}
        </Button>
      </form>
    </div>
  );
}
