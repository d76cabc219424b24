"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { z } from "zod";
import { describeAuthError, type TAuthErrorView } from "@/lib/auth/describe-auth-error";
import { fieldErrors, type TFieldErrors } from "@/lib/auth/auth-forms";

export type TAuthOutcome =
  | { kind: "navigate"; to: string }
  | { kind: "notice"; message: string }
  | { kind: "error"; error: unknown }
  | { kind: "failure"; view: TAuthErrorView };

/**
 * The state every auth form shares: validate with zod, show field errors and focus the
 * first one, keep the button disabled while pending, turn failures into plain words,
 * and navigate (refreshing server components so the header sees the new session).
 */
export function useAuthForm<TSchema extends z.ZodType>(schema: TSchema, submit: (values: z.output<TSchema>) => Promise<TAuthOutcome>) {
  const router = useRouter();
  const [isPending, setIsPending] = useState(false);
  const [errors, setErrors] = useState<TFieldErrors>({});
  const [failure, setFailure] = useState<TAuthErrorView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isPending) return;
    const values = Object.fromEntries([...new FormData(event.currentTarget)].map(([key, value]) => [key, String(value)]));
    const parsed = schema.safeParse(values);
    setFailure(null);
    setNotice(null);
    if (!parsed.success) {
      const nextErrors = fieldErrors(parsed.error);
      setErrors(nextErrors);
      const firstInvalid = Object.keys(nextErrors)[0];
      if (firstInvalid) event.currentTarget.querySelector<HTMLElement>(`#${CSS.escape(firstInvalid)}`)?.focus();
      return;
    }
    setErrors({});
    setIsPending(true);
    const outcome = await submit(parsed.data).catch((error: unknown): TAuthOutcome => ({ kind: "error", error }));
    if (outcome.kind === "navigate") {
      // Stay pending: the button must not come back to life while the next page loads.
      router.replace(outcome.to);
      router.refresh();
      return;
    }
    if (outcome.kind === "notice") setNotice(outcome.message);
    else setFailure(outcome.kind === "failure" ? outcome.view : describeAuthError(outcome.error));
    setIsPending(false);
  }

  return { onSubmit, isPending, errors, failure, notice };
}
