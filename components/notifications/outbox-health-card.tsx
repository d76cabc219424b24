import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import type { TOutboxHealth } from "@/lib/notifications/read-outbox-health";

/** The admin page's view of the email outbox: waiting and dead counts, the latest dead ones with their error. */
export function OutboxHealthCard({ health, timeZone }: { health: TOutboxHealth; timeZone: string }) {
  return (
    <Card title={`Email outbox: ${health.pending} waiting, ${health.dead} dead`} titleId="outbox-title">
      <p className="mb-2 text-sm text-slate-700">
        Dead emails failed every attempt; check the SMTP settings and the delivery job&apos;s logs.
      </p>
      {health.recentDead.length === 0 ? (
        <p className="text-sm text-slate-700">No dead emails.</p>
      ) : (
        <ul className="flex flex-col gap-2 text-sm" aria-label="Dead emails" data-testid="dead-emails">
          {health.recentDead.map((dead) => (
            <li key={dead.id} className="rounded-md border border-slate-200 p-2">
              <span className="font-medium text-slate-900">{dead.label}</span> · {dead.attempts} attempts ·{" "}
              <LocalTime date={dead.createdAt} timeZone={timeZone} />
              {dead.lastError ? <span className="block text-slate-600 [overflow-wrap:anywhere]">{dead.lastError}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
