"use server";

import { refresh } from "next/cache";
import { z } from "zod";
import { getViewer } from "@/lib/auth/get-viewer";
import { getDb } from "@/lib/db";
import { invalidInput, toActionError } from "@/lib/format/action-error";
import type { TActionState } from "@/lib/format/action-state";
import { approveParentLink } from "@/lib/parents/approve-parent-link";
import { removeParentLink } from "@/lib/parents/remove-parent-link";

const ZParentLinkForm = z.object({ parentId: z.guid() });

async function studentViewer() {
  const viewer = await getViewer();
  return viewer?.role === "student" ? viewer : null;
}

/** The student lets a parent see their sessions. */
export async function approveParentLinkAction(_previous: TActionState, formData: FormData): Promise<TActionState> {
  const viewer = await studentViewer();
  if (!viewer) return { status: "error", code: "unauthorized", message: "Sign in as the student to answer this request." };
  const parsed = ZParentLinkForm.safeParse({ parentId: formData.get("parentId") });
  if (!parsed.success) return invalidInput("This request is not valid any more. Reload the page.");
  try {
    await approveParentLink({ db: getDb(), viewer, parentId: parsed.data.parentId, now: new Date() });
  } catch (error) {
    return toActionError(error, "approveParentLink");
  }
  refresh();
  return { status: "done", message: "Approved: your parent can now see your sessions." };
}

/** The student declines a parent's request, or removes an approved parent's access. */
export async function removeParentLinkAction(_previous: TActionState, formData: FormData): Promise<TActionState> {
  const viewer = await studentViewer();
  if (!viewer) return { status: "error", code: "unauthorized", message: "Sign in as the student to answer this request." };
  const parsed = ZParentLinkForm.safeParse({ parentId: formData.get("parentId") });
  if (!parsed.success) return invalidInput("This request is not valid any more. Reload the page.");
  try {
    await removeParentLink({ db: getDb(), viewer, parentId: parsed.data.parentId });
  } catch (error) {
    return toActionError(error, "removeParentLink");
  }
  refresh();
  return { status: "done", message: "Done: that parent can't see your sessions." };
}
