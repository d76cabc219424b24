"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { IDLE_ACTION_STATE, type TFormAction } from "@/lib/format/action-state";

/** Offered when the browser's zone differs from the profile's: one click makes the profile follow. */
export function ZoneSwitchBanner({ browserZone, profileZone, action }: { browserZone: string; profileZone: string; action: TFormAction }) {
  const [state, submit, isPending] = useActionState(action, IDLE_ACTION_STATE);
  if (state.status === "done") {
    return (
      <p role="status" className="mb-4 rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
        {state.message}
      </p>
    );
  }
  return (
    <form
      action={submit}
      className="mb-4 flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950"
      data-testid="zone-switch"
    >
      <input type="hidden" name="timezone" value={browserZone} />
      <p className="min-w-0 flex-1">
        Your device is set to <strong>{browserZone.replaceAll("_", " ")}</strong>, but times are shown in your profile&apos;s zone,{" "}
        <strong>{profileZone.replaceAll("_", " ")}</strong>.{state.status === "error" ? <span role="alert"> {state.message}</span> : null}
      </p>
      <Button type="submit" variant="secondary" disabled={isPending}>
        {isPending ? "Switching…" : `Use ${browserZone.replaceAll("_", " ")}`}
      </Button>
    </form>
  );
}
