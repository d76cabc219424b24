"use server";

import { refresh } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/api/action";
import { getDb } from "@/lib/db";
import { requestParentLink, ZRequestParentLink, type TRequestParentLinkResult } from "@/lib/parents/request-parent-link";
import { unlinkChild } from "@/lib/parents/unlink-child";
import { withdrawLinkRequest, ZWithdrawLinkRequest } from "@/lib/parents/withdraw-link-request";

// The same words whether or not the email has an account (no enumeration).
const DONE_MESSAGES: Record<TRequestParentLinkResult, (email: string) => string> = {
  requested: (email) =>
    `We've asked ${email} to approve. They'll see your request when they sign in (or once they create a student account with this email).`,
  already_requested: (email) => `You've already asked ${email}. The request is waiting for their approval.`,
  already_linked: (email) => `${email} is already linked: their sessions are on this page.`,
};

/** The parent asks to follow another child's sessions, by the child's email. */
export const requestParentLinkAction = action(
  { role: "parent", schema: ZRequestParentLink, name: "requestParentLink", rateLimit: "write" },
  async ({ viewer, input }) => {
    const result = await requestParentLink({ db: getDb(), viewer, childEmail: input.childEmail });
    refresh();
    return { status: "done", message: DONE_MESSAGES[result](input.childEmail) };
  },
);

/** The parent withdraws a request the child has not approved (a mistyped email, say). */
export const withdrawLinkRequestAction = action(
  { role: "parent", schema: ZWithdrawLinkRequest, name: "withdrawLinkRequest", rateLimit: "write" },
  async ({ viewer, input }) => {
    await withdrawLinkRequest({ db: getDb(), viewer, childEmail: input.childEmail });
    refresh();
    return { status: "done", message: `Withdrawn: ${input.childEmail} won't be asked to approve.` };
  },
);

const ZUnlinkChild = z.object({ studentId: z.guid("This child is not valid any more. Reload the page.") });

/** The parent stops following a child's lessons. */
export const unlinkChildAction = action(
  { role: "parent", schema: ZUnlinkChild, name: "unlinkChild", rateLimit: "write" },
  async ({ viewer, input }) => {
    await unlinkChild({ db: getDb(), viewer, studentId: input.studentId });
    refresh();
    return { status: "done", message: "Unlinked: you no longer see that child's lessons." };
  },
);
