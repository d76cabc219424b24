"use client";

import { useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { formatInTimeZone, formatTimeZoneName } from "@/lib/format/date-time";
import { useApiRequest } from "@/components/ui/use-api-request";

export type TReschedulePickerProps = {
  sessionId: string;
  timeZone: string;
  /** Why the viewer cannot propose now; null when they can. */
  reason: string | null;
  /** Offered new starts, ISO, ascending. */
  slotStarts: string[];
};

/** "Reschedule": a dialog of the tutor's open slots grouped by day in the viewer's zone; proposing sends one. */
export function ReschedulePicker({ sessionId, timeZone, reason, slotStarts }: TReschedulePickerProps) {
  const [isOpen, setIsOpen] = useState(false);
  const [choice, setChoice] = useState<string | null>(null);
  const { send, isPending, error, setError } = useApiRequest(timeZone);
  const hintId = useId();
  const isDisabled = reason !== null || slotStarts.length === 0;
  const hint = reason ?? (slotStarts.length === 0 ? "The tutor has no other open time in the next 14 days." : null);
  const days = groupByDay(slotStarts, timeZone);
  const zoneName = slotStarts[0] ? formatTimeZoneName(new Date(slotStarts[0]), timeZone) : timeZone;

  async function submit() {
    if (!choice) return setError("Choose a new time first.");
    if (await send(`/api/sessions/${encodeURIComponent(sessionId)}/reschedule-proposals`, "POST", { start_at: choice })) setIsOpen(false);
  }

  return (
    <div className="flex flex-col gap-2" data-testid="reschedule-picker">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <Button
          variant="secondary"
          disabled={isDisabled}
          aria-describedby={hint ? hintId : undefined}
          onClick={() => {
            setError(null);
            setChoice(null);
            setIsOpen(true);
          }}
        >
          Reschedule
        </Button>
        {hint ? (
          <p id={hintId} className="text-sm text-slate-700">
            {hint}
          </p>
        ) : null}
      </div>
      <Dialog
        isOpen={isOpen}
        onClose={() => {
          if (!isPending) setIsOpen(false);
        }}
        title="Propose a new time"
        description={`The other side accepts or declines; until then the lesson stays at its current time. Times in ${timeZone} (${zoneName}).`}
      >
        <fieldset className="flex max-h-80 flex-col gap-4 overflow-y-auto">
          <legend className="sr-only">Open slots</legend>
          {days.map((day) => (
            <div key={day.label} role="group" aria-label={day.label}>
              <p className="mb-1 text-sm font-semibold text-slate-900">{day.label}</p>
              <div className="flex flex-wrap gap-2">
                {day.starts.map((start) => (
                  <label
                    key={start}
                    className="cursor-pointer rounded-md border border-slate-300 px-3 py-1 text-sm has-[:checked]:border-blue-700 has-[:checked]:bg-blue-50 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-blue-600"
                  >
                    <input
                      type="radio"
                      name="reschedule-slot"
                      value={start}
                      checked={choice === start}
                      onChange={() => setChoice(start)}
                      className="sr-only"
                    />
                    {formatInTimeZone(new Date(start), timeZone, "time")}
                  </label>
                ))}
              </div>
            </div>
          ))}
        </fieldset>
        <Alert>{error}</Alert>
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={() => setIsOpen(false)} disabled={isPending} data-autofocus>
            Cancel
          </Button>
          <Button onClick={submit} disabled={isPending || !choice}>
            {isPending ? "Proposing…" : choice ? `Propose ${formatInTimeZone(new Date(choice), timeZone)}` : "Propose this time"}
          </Button>
        </div>
      </Dialog>
    </div>
  );
}

function groupByDay(starts: readonly string[], timeZone: string): { label: string; starts: string[] }[] {
  const days: { label: string; starts: string[] }[] = [];
  for (const start of starts) {
    const label = formatInTimeZone(new Date(start), timeZone, "date");
    const last = days.at(-1);
    if (last?.label === label) last.starts.push(start);
    else days.push({ label, starts: [start] });
  }
  return days;
}
