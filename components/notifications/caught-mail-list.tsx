import type { TCaughtMessage } from "@/lib/notifications/transports/read-caught-mail";

/** The local SMTP catcher's mailbox (/dev/mail): one entry per Message-ID, the text part and headers shown. */
export function CaughtMailList({ messages }: { messages: TCaughtMessage[] }) {
  if (messages.length === 0) {
    return <p className="rounded-xl border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-700">No email caught yet.</p>;
  }
  return (
    <ul className="flex flex-col gap-3" aria-label="Caught email" data-testid="caught-mail">
      {messages.map((mail) => (
        <li key={mail.messageId} data-testid="caught-mail-item" className="rounded-xl border border-slate-200 bg-white p-4">
          <details>
            <summary className="cursor-pointer">
              <span className="font-semibold text-slate-900">{mail.subject}</span>
              <span className="block text-sm text-slate-700 [overflow-wrap:anywhere]">
                To {mail.to.join(", ")} · {mail.receivedAt}
                {mail.deliveries > 1 ? ` · received ${mail.deliveries} times (same Message-ID)` : ""}
              </span>
            </summary>
            <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-xs text-slate-700">
              <dt>Message-ID</dt>
              <dd className="[overflow-wrap:anywhere]">{mail.messageId}</dd>
              {Object.entries(mail.headers).map(([name, value]) => (
                <div key={name} className="contents">
                  <dt>{name}</dt>
                  <dd className="[overflow-wrap:anywhere]">{value}</dd>
                </div>
              ))}
            </dl>
            <pre className="mt-3 whitespace-pre-wrap rounded-md bg-slate-50 p-3 text-sm text-slate-900 [overflow-wrap:anywhere]">
              {mail.text}
            </pre>
          </details>
        </li>
      ))}
    </ul>
  );
}
