import { readFile } from "node:fs/promises";
import type { Sql } from "postgres";
import { readCaughtMail, type TCaughtMessage } from "../../lib/notifications/transports/read-caught-mail.ts";
import type { TCaughtMail } from "../../lib/notifications/transports/mail-catcher.ts";

/** The run's SMTP catcher (started by tests/support/global-setup.ts through supabase/local/stack.ts). */
export function catcherFile(): string {
  const file = process.env.MAIL_CATCHER_FILE;
  if (!file) throw new Error("MAIL_CATCHER_FILE is not set: integration tests run through tests/support/global-setup.ts");
  return file;
}

export function smtpUrl(): string {
  const url = process.env.SMTP_URL;
  if (!url) throw new Error("SMTP_URL is not set: integration tests run through tests/support/global-setup.ts");
  return url;
}

/** Caught messages (once per Message-ID) addressed to any of `emails`. */
export async function caughtFor(emails: readonly string[]): Promise<TCaughtMessage[]> {
  const wanted = new Set(emails.map((email) => email.toLowerCase()));
  return (await readCaughtMail(catcherFile())).filter((mail) => mail.to.some((to) => wanted.has(to.toLowerCase())));
}

/** Every SMTP delivery (copies included) addressed to any of `emails`. */
export async function rawDeliveriesFor(emails: readonly string[]): Promise<TCaughtMail[]> {
  const wanted = new Set(emails.map((email) => email.toLowerCase()));
  let content = "";
  try {
    content = await readFile(catcherFile(), "utf8");
  } catch {
    return [];
  }
  return content
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as TCaughtMail)
    .filter((mail) => mail.to.some((to) => wanted.has(to.toLowerCase())));
}

export type TOutboxRow = {
  id: string;
  kind: string;
  status: string;
  attempts: number;
  message_id: string;
  last_error: string | null;
  recipient_id: string;
};

export async function outboxFor(sql: Sql, recipientIds: readonly string[]): Promise<TOutboxRow[]> {
  return sql<TOutboxRow[]>`
    select id, kind, status, attempts, message_id, last_error, recipient_id from public.notification_outbox
    where recipient_id = any(${[...recipientIds]}::uuid[]) order by created_at, kind
  `;
}

export async function inAppFor(
  sql: Sql,
  recipientIds: readonly string[],
): Promise<{ recipient_id: string; kind: string; title: string; body: string; link: string }[]> {
  return sql`
    select recipient_id, kind, title, body, link from public.notifications
    where recipient_id = any(${[...recipientIds]}::uuid[]) order by created_at, kind
  `;
}
