"use client";

import { useActionState, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { fieldErrors, type TFieldErrors } from "@/lib/auth/auth-forms";
import { IDLE_ACTION_STATE, type TFormAction } from "@/lib/format/action-state";
import { ZAccountForm } from "@/lib/profiles/account-form";

/**
 * Name and time zone, validated here with the server's own schema (so mistakes show by the
 * field at once) and saved through the action, which validates again. The email is shown,
 * not edited: it is the sign-in identity.
 */
export function AccountForm({
  email,
  fullName,
  timezone,
  timeZones,
  action,
}: {
  email: string | null;
  fullName: string;
  timezone: string;
  /** IANA names offered as suggestions (from the server, so the page hydrates identically). */
  timeZones: readonly string[];
  action: TFormAction;
}) {
  const [state, save, isPending] = useActionState(action, IDLE_ACTION_STATE);
  const [zone, setZone] = useState(timezone);
  const [errors, setErrors] = useState<TFieldErrors>({});

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const values = Object.fromEntries([...new FormData(event.currentTarget)].map(([key, value]) => [key, String(value)]));
    const parsed = ZAccountForm.safeParse(values);
    if (parsed.success) return setErrors({});
    event.preventDefault();
    const nextErrors = fieldErrors(parsed.error);
    setErrors(nextErrors);
    const first = Object.keys(nextErrors)[0];
    if (first) event.currentTarget.querySelector<HTMLElement>(`#${CSS.escape(first)}`)?.focus();
  }

  return (
    <form action={save} onSubmit={onSubmit} noValidate className="flex max-w-xl flex-col gap-4" data-testid="account-form">
      <div className="flex flex-col gap-1">
        <p className="text-sm font-medium text-slate-800">Email</p>
        <p className="text-base text-slate-900 [overflow-wrap:anywhere]" data-testid="account-email">
          {email ?? "No email on this account"}
        </p>
        <p className="text-sm text-slate-600">Your sign-in email can&apos;t be changed here.</p>
      </div>
      <TextField id="fullName" label="Name" type="text" autoComplete="name" required defaultValue={fullName} error={errors.fullName} />
      <div className="flex flex-col gap-2">
        <TextField
          id="timezone"
          label="Time zone"
          type="text"
          autoComplete="off"
          spellCheck={false}
          list="time-zones"
          required
          value={zone}
          onChange={(event) => setZone(event.target.value)}
          hint="An IANA zone name, like America/Port_of_Spain."
          error={errors.timezone}
        />
        <datalist id="time-zones">
          {timeZones.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <div>
          <Button variant="secondary" onClick={() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone)}>
            Use my browser&apos;s zone
          </Button>
        </div>
      </div>
      <Alert tone={state.status === "done" ? "success" : "error"}>{state.status === "idle" ? null : state.message}</Alert>
      <div>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}
