import type { Metadata } from "next";
import Link from "next/link";
import { MarkReadForm } from "@/components/notifications/mark-read-form";
import { NotificationList } from "@/components/notifications/notification-list";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth/require-role";
import { ROLES } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { getProfile } from "@/lib/profiles/get-profile";
import { listNotifications } from "@/lib/notifications/list-notifications";
import { markNotificationReadAction } from "./actions";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const viewer = await requireRole(ROLES);
  const db = getDb();
  const [{ items, unread }, profile] = await Promise.all([listNotifications({ db, viewer }), getProfile({ db, viewer })]);
  return (
    <>
      <PageHeader
        title="Notifications"
        subtitle={
          <>
            {unread === 0 ? "Nothing unread." : `${unread} unread.`} Choose which emails you get on{" "}
            <Link href="/account/notifications" prefetch={false} className="font-medium text-blue-800 underline">
              email settings
            </Link>
            .
          </>
        }
      />
      {unread > 0 ? (
        <div className="mb-4 flex justify-end">
          <MarkReadForm id="all" label="Mark all notifications as read" action={markNotificationReadAction} />
        </div>
      ) : null}
      <NotificationList items={items} timeZone={profile.timezone} markRead={markNotificationReadAction} />
    </>
  );
}
