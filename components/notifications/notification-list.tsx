import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import type { TFormAction } from "@/lib/format/action-state";
import type { TNotificationItem } from "@/lib/notifications/list-notifications";
import { MarkReadForm } from "./mark-read-form";

/** The in-app notifications, newest first; unread ones say so in words, not only in colour. */
export function NotificationList({ items, timeZone, markRead }: { items: TNotificationItem[]; timeZone: string; markRead: TFormAction }) {
  if (items.length === 0) {
    return <p className="rounded-xl border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-700">No notifications yet.</p>;
  }
  return (
    <ul className="flex flex-col gap-3" aria-label="Notifications" data-testid="notification-list">
      {items.map((item) => (
        <li
          key={item.id}
          data-testid="notification-item"
          data-read={item.isRead ? "true" : "false"}
          className={`flex flex-wrap items-start justify-between gap-3 rounded-xl border p-4 ${item.isRead ? "border-slate-200 bg-white" : "border-blue-200 bg-blue-50"}`}
        >
          <div className="flex min-w-0 flex-1 flex-col gap-1">
            <div className="flex flex-wrap items-center gap-2">
              {item.isRead ? null : <Badge tone="info">Unread</Badge>}
              <p className="font-semibold text-slate-900 [overflow-wrap:anywhere]">
                {item.link ? (
                  <Link href={item.link} prefetch={false} className="underline-offset-2 hover:underline">
                    {item.title}
                  </Link>
                ) : (
                  item.title
                )}
              </p>
            </div>
            {item.body ? <p className="text-sm text-slate-700 [overflow-wrap:anywhere]">{item.body}</p> : null}
            <p className="text-xs text-slate-600">
              <LocalTime date={item.createdAt} timeZone={timeZone} />
            </p>
          </div>
          {item.isRead ? null : <MarkReadForm id={item.id} label={`Mark “${item.title}” as read`} action={markRead} />}
        </li>
      ))}
    </ul>
  );
}
