"use client";

import { useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DISPUTE_KIND_LABELS, DISPUTE_KINDS, MAX_DESCRIPTION_LENGTH, MIN_DESCRIPTION_LENGTH } from "@/lib/disputes/dispute-rules";
import type { TDisputeKind } from "@/lib/disputes/evidence";
import { useApiRequest } from "@/components/ui/use-api-request";
import { TextareaField } from "./textarea-field";

/** The student's or parent's report on a charged lesson (POST /api/sessions/:id/disputes). */
export function ReportProblemForm({ sessionId, timeZone }: { sessionId: string; timeZone: string }) {
  const id = useId();
  const [kind, setKind] = useState<TDisputeKind | null>(null);
  const [description, setDescription] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const { send, isPending, error } = useApiRequest(timeZone);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!kind) return setLocalError("Choose what went wrong.");
    if (description.trim().length < MIN_DESCRIPTION_LENGTH) {
      return setLocalError(`Describe what happened in at least ${MIN_DESCRIPTION_LENGTH} characters.`);
    }
    setLocalError(null);
    await send(`/api/sessions/${encodeURIComponent(sessionId)}/disputes`, "POST", { kind, description: description.trim() });
  }

  return (
    <form className="flex flex-col gap-3" onSubmit={submit} aria-label="Report a problem" noValidate>
      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium text-slate-800">What went wrong?</legend>
        {DISPUTE_KINDS.map((value) => (
          <label key={value} className="flex items-center gap-2 text-sm text-slate-800">
            <input
              type="radio"
              name={`${id}-kind`}
              value={value}
              checked={kind === value}
              onChange={() => setKind(value)}
              disabled={isPending}
              className="size-4"
            />
            {DISPUTE_KIND_LABELS[value]}
          </label>
        ))}
      </fieldset>
      <TextareaField
        id={`${id}-description`}
        label="What happened"
        value={description}
        onChange={setDescription}
        minLength={MIN_DESCRIPTION_LENGTH}
        maxLength={MAX_DESCRIPTION_LENGTH}
        disabled={isPending}
        hint="The tutor and our team read this."
      />
      <Alert>{localError ?? error}</Alert>
      <div>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Sending…" : "Report the problem"}
        </Button>
      </div>
    </form>
  );
}
