"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Money } from "@/components/ui/money";
import { IDLE_ACTION_STATE, type TFormAction } from "@/lib/format/action-state";
import type { TEditableTutorSubject } from "@/lib/tutors/get-tutor-profile-for-editing";
import { formatPriceInput } from "@/lib/tutors/tutor-profile-form";

const INPUT =
  "min-h-10 w-32 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-base text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600";

function SubjectRow({ subject, action }: { subject: TEditableTutorSubject; action: TFormAction }) {
  const [state, submit, isPending] = useActionState(action, IDLE_ACTION_STATE);
  const priceId = `price-${subject.subjectId}`;
  return (
    <li className="flex flex-col gap-2 border-b border-slate-200 py-3 last:border-b-0" data-testid="tutor-subject">
      <form action={submit} className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="subjectId" value={subject.subjectId} />
        <div className="min-w-32 flex-1">
          <p className="text-sm font-semibold text-slate-900">{subject.name}</p>
          <p className="text-sm text-slate-600">
            <Money cents={subject.priceCents} currency={subject.currency} /> an hour
          </p>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={priceId} className="text-sm font-medium text-slate-800">
            {subject.name}: hourly price (TT$)
          </label>
          <input id={priceId} name="price" inputMode="decimal" className={INPUT} defaultValue={formatPriceInput(subject.priceCents)} />
        </div>
        <Button type="submit" name="intent" value="set" variant="secondary" disabled={isPending}>
          Update price
        </Button>
        <Button type="submit" name="intent" value="remove" variant="ghost" disabled={isPending} aria-label={`Remove ${subject.name}`}>
          Remove
        </Button>
      </form>
      <Alert tone={state.status === "done" ? "success" : "error"}>{state.status === "idle" ? null : state.message}</Alert>
    </li>
  );
}

function AddSubject({ catalogue, action }: { catalogue: { id: string; name: string }[]; action: TFormAction }) {
  const [state, submit, isPending] = useActionState(action, IDLE_ACTION_STATE);
  if (catalogue.length === 0) return <p className="text-sm text-slate-600">You teach every subject in the catalogue.</p>;
  return (
    <form action={submit} className="flex flex-col gap-3" data-testid="add-subject">
      <input type="hidden" name="intent" value="set" />
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor="new-subject" className="text-sm font-medium text-slate-800">
            Subject
          </label>
          <select id="new-subject" name="subjectId" className={`${INPUT} w-56`}>
            {catalogue.map((subject) => (
              <option key={subject.id} value={subject.id}>
                {subject.name}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="new-subject-price" className="text-sm font-medium text-slate-800">
            Hourly price (TT$)
          </label>
          <input id="new-subject-price" name="price" inputMode="decimal" placeholder="150.00" className={INPUT} />
        </div>
        <Button type="submit" disabled={isPending}>
          Add subject
        </Button>
      </div>
      <Alert tone={state.status === "done" ? "success" : "error"}>{state.status === "idle" ? null : state.message}</Alert>
    </form>
  );
}

/** The subjects a tutor teaches with their hourly price (TT$, kept in cents); a price change applies to new bookings. */
export function TutorSubjectsEditor({
  subjects,
  catalogue,
  action,
}: {
  subjects: TEditableTutorSubject[];
  catalogue: { id: string; name: string }[];
  action: TFormAction;
}) {
  const taught = new Set(subjects.map((subject) => subject.subjectId));
  return (
    <div className="flex flex-col gap-4">
      {subjects.length === 0 ? (
        <p className="text-sm text-slate-700">Add at least one subject: students find and book you by subject.</p>
      ) : null}
      <ul>
        {subjects.map((subject) => (
          <SubjectRow key={`${subject.subjectId}-${subject.priceCents}`} subject={subject} action={action} />
        ))}
      </ul>
      <AddSubject catalogue={catalogue.filter((subject) => !taught.has(subject.id))} action={action} />
    </div>
  );
}
