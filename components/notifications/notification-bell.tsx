import "server-only";
import Link from "next/link";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { getDb } from "@/lib/db";
import { log } from "@/lib/log";
import { countUnreadNotifications } from "@/lib/notifications/count-unread-notifications";

/** More than this shows as "99+": the badge stays small. */
const BADGE_MAX = 99;

/**
 * The header's bell: a link to /notifications with the unread count. A failing count must not
 * take the header down: the bell then shows without a number.
 */
export async function NotificationBell({ viewer }: { viewer: TAppViewer }) {
  let unread: number | null = null;
  try {
    unread = await countUnreadNotifications({ db: getDb(), viewer });
  } catch (error) {
    log.error("notification_bell_failed", { error });
  }
  const label = unread ? `Notifications, ${unread} unread` : "Notifications";
  return (
    <Link
      href="/notifications"
      prefetch={false}
      aria-label={label}
      data-testid="notification-bell"
      className="relative inline-flex h-9 w-9 items-center justify-center rounded-md text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        className="h-5 w-5"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread ? (
        <span
          data-testid="notification-count"
          className="absolute -right-1 -top-1 min-w-5 rounded-full bg-red-700 px-1 text-center text-xs font-semibold leading-5 text-white"
        >
          {unread > BADGE_MAX ? `${BADGE_MAX}+` : unread}
        </span>
      ) : null}
    </Link>
  );
}
