import type { ReactNode } from "react";
import { LocalTime } from "@/components/ui/local-time";
import { Money } from "@/components/ui/money";
import { describeParticipants } from "@/lib/format/session-text";
import type { TSessionSummary } from "@/lib/sessions";
import { SessionStatusBadge } from "./session-status-badge";

/** A read-only list of sessions for admins: who, when, status, and the money columns. */
export function AdminSessionList<TSession extends TSessionSummary>({
  sessions,
  timeZone,
  empty,
  extra,
}: {
  sessions: TSession[];
  timeZone: string;
  empty: string;
  extra?: (session: TSession) => ReactNode;
}) {
  if (sessions.length === 0) return <p className="text-sm text-slate-700">{empty}</p>;
  return (
    <ul className="flex flex-col divide-y divide-slate-200">
      {sessions.map((session) => (
        <li key={session.id} className="flex min-w-0 flex-col gap-1 py-3 text-sm" data-testid="admin-session" data-session-id={session.id}>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <span className="font-medium text-slate-900">
              {session.subjectName} · {describeParticipants("admin", session)}
            </span>
            <SessionStatusBadge status={session.displayStatus} />
          </div>
          <p className="text-slate-700">
            <LocalTime date={session.scheduledStartAt} timeZone={timeZone} /> · price{" "}
            <Money cents={session.priceCents} currency={session.currency} />
            {session.chargeCents !== null ? (
              <>
                {" "}
                · charged <Money cents={session.chargeCents} currency={session.currency} />
              </>
            ) : null}
            {session.payoutCents !== null ? (
              <>
                {" "}
                · payout <Money cents={session.payoutCents} currency={session.currency} />
              </>
            ) : null}
            {session.platformFeeCents !== null ? (
              <>
                {" "}
                · fee <Money cents={session.platformFeeCents} currency={session.currency} />
              </>
            ) : null}
            {session.chargedAt ? (
              <>
                {" "}
                · at <LocalTime date={session.chargedAt} timeZone={timeZone} />
              </>
            ) : null}
          </p>
          {extra ? extra(session) : null}
        </li>
      ))}
    </ul>
  );
}
