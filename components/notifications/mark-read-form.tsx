"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { IDLE_ACTION_STATE, type TFormAction } from "@/lib/format/action-state";

/** "Mark as read" for one notification (`id`) or for all of them (`id` = "all"). */
export function MarkReadForm({ id, label, action }: { id: string; label: string; action: TFormAction }) {
  const [state, submit, isPending] = useActionState(action, IDLE_ACTION_STATE);
  return (
    <form action={submit} className="flex flex-col items-end gap-1">
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant={id === "all" ? "secondary" : "ghost"} disabled={isPending} aria-label={label}>
        {isPending ? "Saving…" : id === "all" ? "Mark all as read" : "Mark as read"}
      </Button>
      <Alert>{state.status === "error" ? state.message : null}</Alert>
    </form>
  );
}
