"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/api/action";
import { ROLES } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { markNotificationsRead } from "@/lib/notifications/mark-notifications-read";

const ZMarkRead = z.object({ id: z.union([z.literal("all"), z.uuid("Not a notification.")]) });

/** Marks one notification (or "all") read; the bell's count follows (the layout is revalidated). */
export const markNotificationReadAction = action(
  { role: ROLES, schema: ZMarkRead, name: "markNotificationRead" },
  async ({ viewer, input }) => {
    const count = await markNotificationsRead({
      db: getDb(),
      viewer,
      notificationId: input.id === "all" ? null : input.id,
      now: new Date(),
    });
    revalidatePath("/", "layout");
    return { status: "done", message: count === 1 ? "Marked as read." : `${count} marked as read.` };
  },
);
