import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { unstable_rethrow } from "next/navigation";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { getViewer, type TAppViewer } from "@/lib/auth/get-viewer";
import { log } from "@/lib/log";
import "./globals.css";

const APP_NAME = "Tutoring Sessions";

export const metadata: Metadata = {
  title: { default: APP_NAME, template: `%s · ${APP_NAME}` },
  description: "Book tutors, join lessons and keep track of every session.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const viewer = await getHeaderViewer();
  return (
    <html lang="en">
      <body className="min-h-dvh">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
            <Link
              href="/"
              prefetch={false}
              className="text-lg font-semibold text-slate-900 focus-visible:rounded-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
            >
              {APP_NAME}
            </Link>
            {viewer ? (
              <div className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-2">
                <span className="min-w-0 text-sm text-slate-700 [overflow-wrap:anywhere]" data-testid="viewer-email">
                  {viewer.email}
                </span>
                <NotificationBell viewer={viewer} />
                <Link
                  href="/account"
                  prefetch={false}
                  className="rounded-md px-2 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
                >
                  Account
                </Link>
                <SignOutButton />
              </div>
            ) : null}
          </div>
        </header>
        <main id="main" className="mx-auto max-w-5xl px-4 py-8">
          {children}
        </main>
      </body>
    </html>
  );
}

/** The header must render even when auth is down: the page itself reports the outage. */
async function getHeaderViewer(): Promise<TAppViewer | null> {
  try {
    return await getViewer();
  } catch (error) {
    unstable_rethrow(error); // Next's own control flow (dynamic rendering, redirects) must pass through.
    log.error("layout_header_viewer_failed", { error });
    return null;
  }
}
