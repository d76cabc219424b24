"use client";

import { ZSignInForm } from "@/lib/auth/auth-forms";
import { destinationAfterAuth } from "@/lib/auth/home-path";
import { ZRole } from "@/lib/auth/roles";
import { createClient } from "@/lib/supabase/client";
import { FormAlert } from "./form-alert";
import { SubmitButton } from "./submit-button";
import { TextField } from "./text-field";
import { useAuthForm } from "./use-auth-form";

export function LoginForm({ next, email }: { next: string | null; email?: string }) {
  const { onSubmit, isPending, errors, failure } = useAuthForm(ZSignInForm, async (values) => {
    const { data, error } = await createClient().auth.signInWithPassword(values);
    if (error) return { kind: "error", error };
    // Admins are appointed through app_metadata; everyone else chose a role at sign-up.
    const role = ZRole.safeParse(data.user.app_metadata.role ?? data.user.user_metadata.role);
    return { kind: "navigate", to: destinationAfterAuth(role.success ? role.data : null, next) };
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormAlert>{failure?.message}</FormAlert>
      <TextField
        id="email"
        label="Email"
        type="email"
        autoComplete="email"
        inputMode="email"
        autoFocus={!email}
        required
        defaultValue={email}
        error={errors.email}
      />
      <TextField
        id="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        autoFocus={Boolean(email)}
        required
        error={errors.password}
      />
      <SubmitButton isPending={isPending} pendingLabel="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}
