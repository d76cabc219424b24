"use client";

import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { IDLE_ACTION_STATE, type TFormAction } from "@/lib/format/action-state";
import { MAX_BIO_LENGTH, MAX_HEADLINE_LENGTH, type TTutorProfileForm } from "@/lib/tutors/tutor-profile-form";
import { InitialsAvatar } from "./initials-avatar";

/** Name, headline and bio as students see them; the avatar follows the name as it is typed. */
export function TutorProfileForm({ profile, action }: { profile: TTutorProfileForm; action: TFormAction }) {
  const [state, save, isPending] = useActionState(action, IDLE_ACTION_STATE);
  const [name, setName] = useState(profile.displayName);
  return (
    <form action={save} className="flex max-w-2xl flex-col gap-4" data-testid="tutor-profile-form">
      <div className="flex items-center gap-3">
        <InitialsAvatar name={name} size="lg" />
        <p className="text-sm text-slate-600">Your initials are your picture on your public profile.</p>
      </div>
      <TextField
        id="displayName"
        label="Name students see"
        required
        maxLength={120}
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
      <TextField
        id="headline"
        label="Headline"
        maxLength={MAX_HEADLINE_LENGTH}
        defaultValue={profile.headline}
        hint="One line under your name, like “CSEC and CAPE maths, 10 years”."
      />
      <div className="flex flex-col gap-1">
        <label htmlFor="bio" className="text-sm font-medium text-slate-800">
          About you
        </label>
        <textarea
          id="bio"
          name="bio"
          rows={6}
          maxLength={MAX_BIO_LENGTH}
          defaultValue={profile.bio}
          aria-describedby="bio-hint"
          className="w-full rounded-md border border-slate-300 px-3 py-2 text-base text-slate-900 shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
        />
        <p id="bio-hint" className="text-sm text-slate-600">
          How you teach and who you teach; searched by students. At most {MAX_BIO_LENGTH} characters.
        </p>
      </div>
      <Alert tone={state.status === "done" ? "success" : "error"}>{state.status === "idle" ? null : state.message}</Alert>
      <div>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Saving…" : "Save profile"}
        </Button>
      </div>
    </form>
  );
}
