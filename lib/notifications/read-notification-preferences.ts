import "server-only";
import type { Sql } from "postgres";
import { asUser, type Viewer } from "@/lib/db";
import { NOTIFICATION_CATEGORIES, NOTIFICATION_CATEGORY_NAMES, isCategoryLocked, type TNotificationCategory } from "./kinds";

export type TNotificationPreference = {
  category: TNotificationCategory;
  label: string;
  description: string;
  isEmailEnabled: boolean;
  isLocked: boolean;
};

/** Every category with the viewer's email choice (no row = on; locked ones always on). */
export async function readNotificationPreferences(options: { db: Sql; viewer: Viewer }): Promise<TNotificationPreference[]> {
  const rows = await asUser(
    options.db,
    options.viewer,
    (tx) =>
      tx<{ category: TNotificationCategory; email_enabled: boolean }[]>`
      select category, email_enabled from public.notification_preferences where user_id = ${options.viewer.id}
    `,
  );
  const chosen = new Map(rows.map((row) => [row.category, row.email_enabled]));
  return NOTIFICATION_CATEGORY_NAMES.map((category) => ({
    category,
    label: NOTIFICATION_CATEGORIES[category].label,
    description: NOTIFICATION_CATEGORIES[category].description,
    isEmailEnabled: isCategoryLocked(category) || (chosen.get(category) ?? true),
    isLocked: isCategoryLocked(category),
  }));
}
