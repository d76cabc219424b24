import type { Metadata } from "next";
import { NotificationPreferencesForm } from "@/components/notifications/notification-preferences-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth/require-role";
import { ROLES } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { readNotificationPreferences } from "@/lib/notifications/read-notification-preferences";
import { saveNotificationPreferencesAction } from "./actions";

export const metadata: Metadata = { title: "Email settings" };

export default async function NotificationSettingsPage() {
  const viewer = await requireRole(ROLES);
  const preferences = await readNotificationPreferences({ db: getDb(), viewer });
  return (
    <>
      <PageHeader title="Email settings" subtitle="Choose which emails you get. Every email also has a one-click unsubscribe link." />
      <Card title="Emails" titleId="email-settings-title">
        <NotificationPreferencesForm preferences={preferences} action={saveNotificationPreferencesAction} />
      </Card>
    </>
  );
}
