"use client";

import { ZSignInForm } from "@/lib/auth/auth-forms";
import { destinationAfterAuth } from "@/lib/auth/home-path";
import { ZRole } from "@/lib/auth/roles";
import { createClient } from "@/lib/supabase/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
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
      <Alert>{failure?.message}</Alert>
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
      <Button type="submit" disabled={isPending} className="w-full py-2.5 text-base">
        {isPending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
