import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { formatInTimeZone } from "@/lib/format/date-time";
import { formatMoney } from "@/lib/format/money";
import { describeActor, describeSessionEvent } from "@/lib/format/session-event";
import type { TAuditEvent } from "@/lib/sessions";

/** Every recorded step of the session, oldest first, as far as RLS lets the viewer read it. */
export function SessionAuditTrail({ events, currency, timeZone }: { events: TAuditEvent[]; currency: string; timeZone: string }) {
  return (
    <Card title="Audit trail" titleId="audit-trail-title">
      {events.length === 0 ? (
        <p className="text-sm text-slate-700">Nothing recorded yet.</p>
      ) : (
        <ol className="flex flex-col gap-3 border-l-2 border-slate-200 pl-4" data-testid="audit-trail">
          {events.map((event) => (
            <li key={event.id} className="min-w-0 text-sm">
              <p className="font-medium text-slate-900">{describeSessionEvent(event.type)}</p>
              <p className="text-slate-600">
                <LocalTime date={event.at} timeZone={timeZone} /> · {describeActor(event.actorRole, event.actorName)}
              </p>
              <EventDetails payload={event.payload} currency={currency} timeZone={timeZone} />
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

/** Scalar payload fields as "key: value"; amounts (…_cents) as money. Nested data stays in the database. */
function EventDetails({ payload, currency, timeZone }: { payload: Record<string, unknown>; currency: string; timeZone: string }) {
  // Ids mean nothing to a person reading the trail; they stay in the database.
  const entries = Object.entries(payload).filter(
    ([key, value]) => !key.endsWith("_id") && ["string", "number", "boolean"].includes(typeof value),
  );
  if (entries.length === 0) return null;
  return (
    <p className="break-words text-slate-600">
      {entries
        .map(([key, value]) => `${key.replace(/_cents$/, "").replaceAll("_", " ")}: ${formatValue(key, value, currency, timeZone)}`)
        .join(" · ")}
    </p>
  );
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function formatValue(key: string, value: unknown, currency: string, timeZone: string): string {
  if (key.endsWith("_cents") && typeof value === "number" && Number.isSafeInteger(value)) return formatMoney(value, currency);
  if (typeof value === "string" && ISO_INSTANT.test(value)) return formatInTimeZone(new Date(value), timeZone);
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}
