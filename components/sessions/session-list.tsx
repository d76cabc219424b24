import type { ReactNode } from "react";
import type { TRole } from "@/lib/auth/roles";
import type { TSessionSummary } from "@/lib/sessions";
import { SessionListItem } from "./session-list-item";

/** A titled list of sessions with its own empty state. */
export function SessionList({
  id,
  title,
  sessions,
  role,
  timeZone,
  serverNow,
  empty,
}: {
  id: string;
  title: string;
  sessions: TSessionSummary[];
  role: TRole;
  timeZone: string;
  serverNow: Date;
  empty: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="flex min-w-0 flex-col gap-3">
      <h2 id={id} className="text-lg font-semibold text-slate-900">
        {title} <span className="text-sm font-normal text-slate-600">({sessions.length})</span>
      </h2>
      {sessions.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-700">{empty}</p>
      ) : (
        <ul className="flex flex-col gap-3" aria-labelledby={id}>
          {sessions.map((session) => (
            <SessionListItem key={session.id} session={session} role={role} timeZone={timeZone} serverNow={serverNow} />
          ))}
        </ul>
      )}
    </section>
  );
}
