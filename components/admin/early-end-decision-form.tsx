"use client";

import { useId, useState, type FormEvent } from "react";
import { DecisionReasonFooter } from "@/components/admin/decision-reason-footer";
import { EARLY_END_OUTCOME_LABELS, EARLY_END_OUTCOMES, type TEarlyEndOutcome } from "@/lib/admin/early-end-amounts";
import { MIN_REASON_LENGTH } from "@/lib/disputes/dispute-rules";
import { formatMoney } from "@/lib/format/money";
import type { TSplit } from "@/lib/payments/split";
import { useApiRequest } from "@/components/ui/use-api-request";

/** The admin's resolution of a short lesson, each outcome with its amounts (POST /api/admin/sessions/:id/early-end-decision). */
export function EarlyEndDecisionForm({
  sessionId,
  splits,
  currency,
  timeZone,
}: {
  sessionId: string;
  splits: Record<TEarlyEndOutcome, TSplit>;
  currency: string;
  timeZone: string;
}) {
  const id = useId();
  const [outcome, setOutcome] = useState<TEarlyEndOutcome | null>(null);
  const [reason, setReason] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const { send, isPending, error } = useApiRequest(timeZone);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!outcome) return setLocalError("Choose an outcome.");
    if (reason.trim().length < MIN_REASON_LENGTH) return setLocalError("A reason is required.");
    setLocalError(null);
    await send(`/api/admin/sessions/${encodeURIComponent(sessionId)}/early-end-decision`, "POST", { outcome, reason: reason.trim() });
  }

  return (
    <form className="flex flex-col gap-3" onSubmit={submit} aria-label="Resolve the early end" noValidate>
      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium text-slate-800">Outcome</legend>
        {EARLY_END_OUTCOMES.map((value) => {
          const split = splits[value];
          return (
            <label key={value} className="flex items-start gap-2 text-sm text-slate-800">
              <input
                type="radio"
                name={`${id}-outcome`}
                value={value}
                checked={outcome === value}
                onChange={() => setOutcome(value)}
                disabled={isPending}
                className="mt-0.5 size-4"
              />
              <span>
                {EARLY_END_OUTCOME_LABELS[value]}: charge {formatMoney(split.chargeCents, currency)} · tutor{" "}
                {formatMoney(split.payoutCents, currency)} · fee {formatMoney(split.platformFeeCents, currency)}
              </span>
            </label>
          );
        })}
      </fieldset>
      <DecisionReasonFooter
        id={id}
        reason={reason}
        onReasonChange={setReason}
        isPending={isPending}
        error={localError ?? error}
        submitLabel="Resolve"
        pendingLabel="Resolving…"
      />
    </form>
  );
}
