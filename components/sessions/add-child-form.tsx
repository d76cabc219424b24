"use client";

import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { IDLE_ACTION_STATE, type TActionState, type TFormAction } from "@/lib/format/action-state";

const INPUT_ID = "add-child-email";

/**
 * A parent names another child by email. The answer reads the same whether or
 * not that email has an account yet; the child approves before anything is shared.
 */
export function AddChildForm({ action }: { action: TFormAction }) {
  // Controlled, so a refused email stays in the field to be corrected; cleared once sent.
  const [email, setEmail] = useState("");
  const [state, submit, isPending] = useActionState(async (previous: TActionState, formData: FormData) => {
    const next = await action(previous, formData);
    if (next.status === "done") setEmail("");
    return next;
  }, IDLE_ACTION_STATE);
  const error = state.status === "error" ? state.message : null;
  return (
    <form action={submit} noValidate className="flex min-w-0 flex-col gap-3" aria-labelledby="add-child-title" data-testid="add-child-form">
      <h3 id="add-child-title" className="text-base font-semibold text-slate-900">
        Add a child
      </h3>
      <div className="flex min-w-0 flex-col gap-1">
        <label htmlFor={INPUT_ID} className="text-sm font-medium text-slate-800">
          Your child&apos;s email
        </label>
        <input
          id={INPUT_ID}
          name="childEmail"
          type="email"
          inputMode="email"
          autoComplete="off"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${INPUT_ID}-hint ${INPUT_ID}-error`}
          className={`w-full min-w-0 rounded-md border bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 ${
            error ? "border-red-600" : "border-slate-300"
          }`}
        />
        <p id={`${INPUT_ID}-hint`} className="text-sm text-slate-600">
          The email of their student account, or the one they will sign up with.
        </p>
        <div id={`${INPUT_ID}-error`}>
          <Alert>{error}</Alert>
        </div>
      </div>
      <Button type="submit" disabled={isPending} className="w-full sm:w-auto sm:self-start">
        {isPending ? "Sending…" : "Send request"}
      </Button>
      <Alert tone="success">{state.status === "done" ? state.message : null}</Alert>
    </form>
  );
}
