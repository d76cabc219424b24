/**
 * The local SMTP catcher (README "Notifications"): an in-process `smtp-server` that accepts
 * every message, parses it with `mailparser` and appends it as one JSON line to a file, which
 * /dev/mail and the tests read (./read-caught-mail.ts). Started by `npm run dev` and the test
 * setups (supabase/local/stack.ts). No `server-only` and relative imports only: tsx runs it.
 */
import { appendFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type TCaughtMail = {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  receivedAt: string;
};

export type TMailCatcher = { port: number; file: string; stop: () => Promise<void> };

const KEPT_HEADERS = ["list-unsubscribe", "list-unsubscribe-post", "x-notification-key"];

export async function startMailCatcher(options: { port: number; file: string; host?: string }): Promise<TMailCatcher> {
  await mkdir(path.dirname(options.file), { recursive: true });
  // One write at a time: concurrent appends of long lines could interleave.
  let writes: Promise<void> = Promise.resolve();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    size: 5 * 1024 * 1024,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const headers: Record<string, string> = {};
          for (const name of KEPT_HEADERS) {
            const line = parsed.headerLines.find((header) => header.key === name);
            if (line) headers[name] = line.line.slice(line.line.indexOf(":") + 1).trim();
          }
          const mail: TCaughtMail = {
            messageId: parsed.messageId ?? "",
            from: parsed.from?.text ?? "",
            to: (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((to) => to.value.map((v) => v.address ?? "")),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            headers,
            receivedAt: new Date().toISOString(),
          };
          writes = writes.then(() => appendFile(options.file, `${JSON.stringify(mail)}\n`));
          return writes;
        })
        .then(
          () => callback(),
          (error: Error) => callback(error),
        );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  return {
    port: options.port,
    file: options.file,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
