/**
 * How an email leaves the app (the shape of lib/video/types.ts: an interface taking request
 * objects). Production: SMTP (./smtp.ts) to any provider's relay; locally and in the tests the
 * same SMTP code talks to the in-process catcher (./mail-catcher.ts).
 */
export type TOutgoingEmail = {
  /** RFC 5322 Message-ID, angle brackets included; stable per outbox row, so a resend is recognisable. */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers: List-Unsubscribe, List-Unsubscribe-Post, X-Notification-Key. */
  headers: Record<string, string>;
};

export interface MailTransport {
  /** Resolves once the server accepted the message; throws otherwise (the job retries later). */
  send(email: TOutgoingEmail): Promise<void>;
  close(): void;
}
