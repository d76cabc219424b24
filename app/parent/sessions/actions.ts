"use server";

import { refresh } from "next/cache";
import { getViewer } from "@/lib/auth/get-viewer";
import { getDb } from "@/lib/db";
import { invalidInput, toActionError } from "@/lib/format/action-error";
import type { TActionState } from "@/lib/format/action-state";
import { cancelChildRequest, ZCancelChildRequest } from "@/lib/parents/cancel-child-request";
import { requestParentLink, ZRequestParentLink, type TRequestParentLinkResult } from "@/lib/parents/request-parent-link";

// The same words whether or not the email has an account (no enumeration).
const DONE_MESSAGES: Record<TRequestParentLinkResult, (email: string) => string> = {
  requested: (email) =>
    `We've asked ${email} to approve. They'll see your request when they sign in (or once they create a student account with this email).`,
  already_requested: (email) => `You've already asked ${email}. The request is waiting for their approval.`,
  already_linked: (email) => `${email} is already linked: their sessions are on this page.`,
};

/** The parent asks to follow another child's sessions, by the child's email. */
export async function requestParentLinkAction(_previous: TActionState, formData: FormData): Promise<TActionState> {
  const viewer = await getViewer();
  if (viewer?.role !== "parent") return { status: "error", code: "unauthorized", message: "Sign in with your parent account to add a child." };
  const parsed = ZRequestParentLink.safeParse({ childEmail: formData.get("childEmail") ?? "" });
  if (!parsed.success) return invalidInput(parsed.error.issues[0]?.message ?? "Enter your child's email.");
  let result: TRequestParentLinkResult;
  try {
    result = await requestParentLink({ db: getDb(), viewer, childEmail: parsed.data.childEmail });
  } catch (error) {
    return toActionError(error, "requestParentLink");
  }
  refresh();
  return { status: "done", message: DONE_MESSAGES[result](parsed.data.childEmail) };
}

/** The parent withdraws a request the child has not approved (a mistyped email, say). */
export async function cancelChildRequestAction(formData: FormData): Promise<void> {
  const viewer = await getViewer();
  if (viewer?.role !== "parent") return;
  const parsed = ZCancelChildRequest.safeParse({
    kind: formData.get("kind"),
    studentId: formData.get("studentId") ?? undefined,
    childEmail: formData.get("childEmail") ?? undefined,
  });
  if (!parsed.success) return;
  try {
    await cancelChildRequest({ db: getDb(), viewer, request: parsed.data });
  } catch {
    // Already approved or withdrawn: the refreshed page shows the current state.
  }
  refresh();
}
