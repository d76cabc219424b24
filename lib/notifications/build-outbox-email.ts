import "server-only";
import type { TTokenKeyring } from "@/lib/crypto/token-keys";
import type { TClaimedNotification } from "./claim-due-notifications";
import { isCategoryLocked } from "./kinds";
import type { TNotificationDataMap } from "./notification-data";
import { recipientTimeZone, renderNotificationEmail } from "./templates";
import type { TOutgoingEmail } from "./transports/types";
import { signUnsubscribeToken } from "./unsubscribe-token";

export const UNSUBSCRIBE_PATH = "/api/notifications/unsubscribe";

/** The row's dedupe key as one string (the outbox's unique key: recipient, kind, subject, send time). */
export function dedupeKey(row: Pick<TClaimedNotification, "recipient_id" | "kind" | "subject_type" | "subject_id" | "send_at">): string {
  return `${row.recipient_id}:${row.kind}:${row.subject_type}:${row.subject_id}:${row.send_at.toISOString()}`;
}

/**
 * The message for one claimed row: rendered in the recipient's zone, with the row's own
 * Message-ID (the same on every attempt), its dedupe key, and one-click unsubscribe headers
 * (RFC 8058) unless the category is locked.
 */
export function buildOutboxEmail(
  row: TClaimedNotification & { email: string },
  settings: { appUrl: string; mailFrom: string; keyring: TTokenKeyring },
): TOutgoingEmail {
  const unsubscribeUrl = isCategoryLocked(row.category)
    ? null
    : `${new URL(UNSUBSCRIBE_PATH, settings.appUrl).toString()}?token=${encodeURIComponent(
        signUnsubscribeToken({ userId: row.recipient_id, category: row.category }, settings.keyring),
      )}`;
  const rendered = renderNotificationEmail(row.kind, row.data as TNotificationDataMap[typeof row.kind], {
    role: row.role,
    timeZone: recipientTimeZone(row.timezone),
    recipientName: row.full_name,
    appUrl: settings.appUrl,
    unsubscribeUrl,
  });
  const headers: Record<string, string> = { "X-Notification-Key": dedupeKey(row) };
  if (unsubscribeUrl) {
    headers["List-Unsubscribe"] = `<${unsubscribeUrl}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  return {
    messageId: row.message_id,
    from: settings.mailFrom,
    to: row.email,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    headers,
  };
}
