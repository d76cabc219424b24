import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { asUser, type Viewer } from "@/lib/db";
import { NOTIFICATION_CATEGORIES, isCategoryLocked, type TNotificationCategory } from "./kinds";

/**
 * Saves the viewer's email choice per category, as the viewer (RLS: own rows only). Turning a
 * locked category (payments) off is refused with a reason, never silently ignored.
 */
export async function updateNotificationPreferences(options: {
  db: Sql;
  viewer: Viewer;
  emailEnabled: Partial<Record<TNotificationCategory, boolean>>;
  now: Date;
}): Promise<void> {
  const entries = Object.entries(options.emailEnabled) as [TNotificationCategory, boolean][];
  for (const [category, isEnabled] of entries) {
    if (isCategoryLocked(category) && !isEnabled) {
      throw new AppError(
        "invalid_input",
        `${NOTIFICATION_CATEGORIES[category].label} emails can't be turned off: they are records of money.`,
      );
    }
  }
  await asUser(options.db, options.viewer, async (tx) => {
    for (const [category, isEnabled] of entries) {
      if (isCategoryLocked(category)) continue;
      await tx`
        insert into public.notification_preferences (user_id, category, email_enabled, updated_at)
        values (${options.viewer.id}, ${category}, ${isEnabled}, ${options.now})
        on conflict (user_id, category) do update set email_enabled = excluded.email_enabled, updated_at = excluded.updated_at
      `;
    }
  });
}
