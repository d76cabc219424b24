"use server";

import { refresh } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/api/action";
import { getDb } from "@/lib/db";
import { approveParentLink } from "@/lib/parents/approve-parent-link";
import { removeParentLink } from "@/lib/parents/remove-parent-link";

const ZParentLinkForm = z.object({ parentId: z.guid("This request is not valid any more. Reload the page.") });

/** The student lets a parent see their sessions. */
export const approveParentLinkAction = action(
  { role: "student", schema: ZParentLinkForm, name: "approveParentLink", rateLimit: "write" },
  async ({ viewer, input }) => {
    await approveParentLink({ db: getDb(), viewer, parentId: input.parentId, now: new Date() });
    refresh();
    return { status: "done", message: "Approved: your parent can now see your sessions." };
  },
);

/** The student declines a parent's request, or removes an approved parent's access. */
export const removeParentLinkAction = action(
  { role: "student", schema: ZParentLinkForm, name: "removeParentLink", rateLimit: "write" },
  async ({ viewer, input }) => {
    await removeParentLink({ db: getDb(), viewer, parentId: input.parentId });
    refresh();
    return { status: "done", message: "Done: that parent can't see your sessions." };
  },
);
