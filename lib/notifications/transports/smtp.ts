import "server-only";
import { createTransport } from "nodemailer";
import type { MailTransport, TOutgoingEmail } from "./types";

/** A stuck server must not hold the cron tick: every phase of a send has a deadline. */
const SMTP_TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 };

/** SMTP through nodemailer, pooled (a tick sends many messages over a few connections). */
export function createSmtpTransport(smtpUrl: string, options: { maxConnections?: number } = {}): MailTransport {
  const transporter = createTransport({ url: smtpUrl, pool: true, maxConnections: options.maxConnections ?? 4, ...SMTP_TIMEOUTS });
  return {
    async send(email: TOutgoingEmail): Promise<void> {
      await transporter.sendMail({
        messageId: email.messageId,
        from: email.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        headers: email.headers,
      });
    },
    close() {
      transporter.close();
    },
  };
}
