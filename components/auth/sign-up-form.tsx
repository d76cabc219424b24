"use client";

import { useState } from "react";
import { ACCOUNT_EXISTS_MESSAGE } from "@/lib/auth/describe-auth-error";
import { ZParentSignUpForm, ZSignUpForm, MIN_PASSWORD_LENGTH } from "@/lib/auth/auth-forms";
import { destinationAfterAuth } from "@/lib/auth/home-path";
import type { TSignUpRole } from "@/lib/auth/roles";
import { createClient } from "@/lib/supabase/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { TextLink } from "@/components/ui/text-link";
import { useAuthForm } from "./use-auth-form";

/**
 * Sign-up for one role; a parent also names their child's account (linked once the child approves). `next`
 * (already safe): where the new account goes (the slot a visitor was booking), else the role's home.
 */
export function SignUpForm({ role, next = null }: { role: TSignUpRole; next?: string | null }) {
  const isParent = role === "parent";
  const [submittedEmail, setSubmittedEmail] = useState("");
  const { onSubmit, isPending, errors, failure, notice } = useAuthForm(isParent ? ZParentSignUpForm : ZSignUpForm, async (values) => {
    const childEmail = "childEmail" in values ? values.childEmail : undefined;
    setSubmittedEmail(values.email);
    const { data, error } = await createClient().auth.signUp({
      email: values.email,
      password: values.password,
      options: {
        data: {
          role,
          full_name: values.fullName,
          timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
          ...(childEmail ? { child_email: childEmail } : {}),
        },
      },
    });
    if (error) return { kind: "error", error };
    // With email confirmation on, Supabase answers an existing address with a user without identities.
    if (data.user && data.user.identities?.length === 0) {
      return { kind: "failure", view: { kind: "account_exists", message: ACCOUNT_EXISTS_MESSAGE } };
    }
    if (!data.session)
      return { kind: "notice", message: `Check your inbox at ${values.email} and open the link to confirm your account, then sign in.` };
    return { kind: "navigate", to: destinationAfterAuth(role, next) };
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <Alert>
        {failure?.kind === "account_exists" ? (
          <>
            An account with this email already exists.{" "}
            <TextLink href={`/login?email=${encodeURIComponent(submittedEmail)}${next ? `&next=${encodeURIComponent(next)}` : ""}`}>
              Sign in instead?
            </TextLink>
          </>
        ) : (
          failure?.message
        )}
      </Alert>
      <Alert tone="success">{notice}</Alert>
      <TextField id="fullName" label="Full name" type="text" autoComplete="name" autoFocus required error={errors.fullName} />
      <TextField id="email" label="Email" type="email" autoComplete="email" inputMode="email" required error={errors.email} />
      <TextField
        id="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        minLength={MIN_PASSWORD_LENGTH}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        error={errors.password}
      />
      {isParent ? (
        <TextField
          id="childEmail"
          label="Your child's email"
          type="email"
          autoComplete="off"
          inputMode="email"
          required
          hint="The email of your child's student account, or the one they'll sign up with. Your child will be asked to approve the link."
          error={errors.childEmail}
        />
      ) : null}
      <Button type="submit" disabled={isPending} className="w-full py-2.5 text-base">
        {isPending ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}
