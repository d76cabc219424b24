import "server-only";
import { serverEnv } from "@/lib/env/server-env";
import { createSmtpTransport } from "./smtp";
import type { MailTransport } from "./types";

const globalForMail = globalThis as unknown as { __mailTransport?: MailTransport };

/** The process's SMTP transport (one pool, survives dev reloads), or null while SMTP_URL is unset. */
export function getMailTransport(): MailTransport | null {
  const url = serverEnv().SMTP_URL;
  if (!url) return null;
  globalForMail.__mailTransport ??= createSmtpTransport(url);
  return globalForMail.__mailTransport;
}
