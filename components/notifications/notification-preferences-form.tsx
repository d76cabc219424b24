"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { IDLE_ACTION_STATE, type TFormAction } from "@/lib/format/action-state";
import type { TNotificationCategory } from "@/lib/notifications/kinds";

export type TPreferenceRow = {
  category: TNotificationCategory;
  label: string;
  description: string;
  isEmailEnabled: boolean;
  isLocked: boolean;
};

/** Email on/off per category; locked categories (payments) are shown checked and disabled, with the reason. */
export function NotificationPreferencesForm({ preferences, action }: { preferences: TPreferenceRow[]; action: TFormAction }) {
  const [state, save, isPending] = useActionState(action, IDLE_ACTION_STATE);
  return (
    <form action={save} className="flex max-w-xl flex-col gap-4" data-testid="notification-preferences">
      <fieldset className="flex flex-col gap-3">
        <legend className="mb-2 text-sm font-medium text-slate-800">Send me an email for</legend>
        {preferences.map((preference) => {
          const id = `email-${preference.category}`;
          return (
            <div key={preference.category} className="flex items-start gap-3">
              <input
                id={id}
                name={preference.isLocked ? undefined : `email_${preference.category}`}
                type="checkbox"
                defaultChecked={preference.isEmailEnabled}
                disabled={preference.isLocked}
                aria-describedby={`${id}-help`}
                className="mt-1 h-4 w-4"
              />
              <div>
                <label htmlFor={id} className="font-medium text-slate-900">
                  {preference.label}
                  {preference.isLocked ? " (always on)" : ""}
                </label>
                <p id={`${id}-help`} className="text-sm text-slate-600">
                  {preference.description}
                </p>
              </div>
            </div>
          );
        })}
      </fieldset>
      <p className="text-sm text-slate-600">In-app notifications (the bell) are always on.</p>
      <div>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Saving…" : "Save email settings"}
        </Button>
      </div>
      <Alert tone={state.status === "done" ? "success" : "error"}>{state.status === "idle" ? null : state.message}</Alert>
    </form>
  );
}
