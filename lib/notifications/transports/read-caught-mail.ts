import { readFile } from "node:fs/promises";
import type { TCaughtMail } from "./mail-catcher";

export type TCaughtMessage = TCaughtMail & {
  /** How many times the catcher received this Message-ID (a resend after a crash shows 2). */
  deliveries: number;
};

/**
 * What the local catcher received, once per Message-ID (a receiving server drops a copy it
 * already has), newest first. An absent file is an empty mailbox.
 */
export async function readCaughtMail(file: string): Promise<TCaughtMessage[]> {
  let content: string;
  try {
    content = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const byId = new Map<string, TCaughtMessage>();
  for (const line of content.split("\n")) {
    if (!line.trim()) continue;
    const mail = JSON.parse(line) as TCaughtMail;
    const seen = byId.get(mail.messageId);
    if (seen) seen.deliveries += 1;
    else byId.set(mail.messageId, { ...mail, deliveries: 1 });
  }
  return [...byId.values()].reverse();
}
