import { z } from "zod";

/** Supabase Auth's own floor is 6; we ask for 8, as a careful user would expect. */
export const MIN_PASSWORD_LENGTH = 8;

const ZEmail = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address, like name@example.com."));

export const ZSignInForm = z.object({
  email: ZEmail,
  password: z.string().min(1, "Enter your password."),
});
export type TSignInForm = z.infer<typeof ZSignInForm>;

const ZSignUpBase = z.object({
  fullName: z.string().trim().min(1, "Enter your full name.").max(120, "Use at most 120 characters."),
  email: ZEmail,
  password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(72, "Use at most 72 characters."),
});

export const ZSignUpForm = ZSignUpBase;
export type TSignUpForm = z.infer<typeof ZSignUpForm>;

export const ZParentSignUpForm = ZSignUpBase.extend({ childEmail: ZEmail }).refine((form) => form.childEmail !== form.email, {
  path: ["childEmail"],
  message: "Enter your child's own email, not yours.",
});
export type TParentSignUpForm = z.infer<typeof ZParentSignUpForm>;

export type TFieldErrors = Partial<Record<string, string>>;

/** The first message per field, keyed by field name, for inline display. */
export function fieldErrors(error: z.ZodError): TFieldErrors {
  const errors: TFieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    errors[key] ??= issue.message;
  }
  return errors;
}
