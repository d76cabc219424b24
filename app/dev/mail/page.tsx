import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CaughtMailList } from "@/components/notifications/caught-mail-list";
import { PageHeader } from "@/components/ui/page-header";
import { serverEnv } from "@/lib/env/server-env";
import { LOCAL_STACK_MARKER } from "@/lib/env/local-values";
import { readCaughtMail } from "@/lib/notifications/transports/read-caught-mail";

export const metadata: Metadata = { title: "Caught email (dev)" };
export const dynamic = "force-dynamic";

/** Local stack only (LOCAL_STACK=1): what the in-process SMTP catcher received. Anywhere else: 404. */
export default async function DevMailPage() {
  const file = serverEnv().MAIL_CATCHER_FILE;
  if (process.env[LOCAL_STACK_MARKER] !== "1" || !file) notFound();
  const messages = await readCaughtMail(file);
  return (
    <>
      <PageHeader
        title="Caught email"
        subtitle={`Development only: every email the app sent to the local SMTP catcher (${messages.length}). Newest first.`}
      />
      <CaughtMailList messages={messages} />
    </>
  );
}
