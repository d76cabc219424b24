"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { IDLE_ACTION_STATE, type TFormAction } from "@/lib/format/action-state";

export const NOTE_MAX_CHARS = 1000;

/** Sends the chosen slot as a request: the server re-checks it, fixes the price and answers. */
export function BookingForm({
  action,
  fields,
  students,
}: {
  action: TFormAction;
  fields: { tutor_id: string; subject_id: string; start_at: string; duration_minutes: number };
  /** A parent's approved children; null for a student booking for themself. */
  students: { id: string; name: string }[] | null;
}) {
  const [state, submit, isPending] = useActionState(action, IDLE_ACTION_STATE);
  return (
    <form action={submit} className="flex flex-col gap-4" data-testid="booking-form">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {students ? (
        <div className="flex flex-col gap-1">
          <label htmlFor="student_id" className="text-sm font-medium text-slate-800">
            Who is the lesson for?
          </label>
          <select
            id="student_id"
            name="student_id"
            required
            className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
          >
            {students.map((student) => (
              <option key={student.id} value={student.id}>
                {student.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="flex flex-col gap-1">
        <label htmlFor="note" className="text-sm font-medium text-slate-800">
          Special requirements <span className="font-normal text-slate-600">(optional)</span>
        </label>
        <textarea
          id="note"
          name="note"
          rows={3}
          maxLength={NOTE_MAX_CHARS}
          aria-describedby="note-hint"
          className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
        />
        <p id="note-hint" className="text-sm text-slate-600">
          Anything the tutor should know, up to {NOTE_MAX_CHARS} characters.
        </p>
      </div>
      <Alert>{state.status === "error" ? state.message : null}</Alert>
      <Button type="submit" disabled={isPending} className="w-full sm:w-auto">
        {isPending ? "Sending request…" : "Book this lesson"}
      </Button>
    </form>
  );
}
