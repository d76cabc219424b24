"use client";

import { useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { MAX_RESPONSE_LENGTH } from "@/lib/disputes/dispute-rules";
import { useApiRequest } from "@/components/ui/use-api-request";
import { TextareaField } from "./textarea-field";

/** The tutor's one answer to a dispute (POST /api/disputes/:id/response). */
export function DisputeResponseForm({ disputeId, timeZone }: { disputeId: string; timeZone: string }) {
  const id = useId();
  const [response, setResponse] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const { send, isPending, error } = useApiRequest(timeZone);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!response.trim()) return setLocalError("Write your answer.");
    setLocalError(null);
    await send(`/api/disputes/${encodeURIComponent(disputeId)}/response`, "POST", { response: response.trim() });
  }

  return (
    <form className="flex flex-col gap-3" onSubmit={submit} aria-label="Answer the dispute" noValidate>
      <TextareaField
        id={`${id}-response`}
        label="Your answer"
        value={response}
        onChange={setResponse}
        maxLength={MAX_RESPONSE_LENGTH}
        disabled={isPending}
        hint="You can answer once; an admin reads both sides."
      />
      <Alert>{localError ?? error}</Alert>
      <div>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Sending…" : "Send answer"}
        </Button>
      </div>
    </form>
  );
}
