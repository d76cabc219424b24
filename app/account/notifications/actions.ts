"use server";

import { z } from "zod";
import { action } from "@/lib/api/action";
import { ROLES } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { NOTIFICATION_CATEGORY_NAMES, isCategoryLocked, type TNotificationCategory } from "@/lib/notifications/kinds";
import { updateNotificationPreferences } from "@/lib/notifications/update-notification-preferences";

/** A checked box sends "on"; an unchecked one sends nothing. Unknown fields are refused. */
const ZPreferencesForm = z.strictObject(
  Object.fromEntries(
    NOTIFICATION_CATEGORY_NAMES.filter((c) => !isCategoryLocked(c)).map((c) => [`email_${c}`, z.literal("on").optional()]),
  ),
);

/** Saves every unlocked category's email choice from the preferences form. */
export const saveNotificationPreferencesAction = action(
  { role: ROLES, schema: ZPreferencesForm, name: "saveNotificationPreferences", rateLimit: "write" },
  async ({ viewer, input }) => {
    const fields = input as Record<string, "on" | undefined>;
    const emailEnabled: Partial<Record<TNotificationCategory, boolean>> = {};
    for (const category of NOTIFICATION_CATEGORY_NAMES) {
      if (!isCategoryLocked(category)) emailEnabled[category] = fields[`email_${category}`] === "on";
    }
    await updateNotificationPreferences({ db: getDb(), viewer, emailEnabled, now: new Date() });
    return { status: "done", message: "Saved. Your email settings apply from the next email." };
  },
);
