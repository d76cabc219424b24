import type { Tx } from "@/lib/db";

export type TAuditEvent = {
  id: string;
  type: string;
  actorRole: string;
  actorName: string | null;
  payload: Record<string, unknown>;
  at: Date;
};

/**
 * A session's audit trail as the viewer may read it: RLS picks the events (no payout
 * events for students and parents) and public.session_event_payload strips the
 * payload keys the viewer may not see (payout, platform fee).
 */
export async function readSessionAuditTrail(tx: Tx, sessionId: string): Promise<TAuditEvent[]> {
  const rows = await tx<{ id: string; type: string; actor_role: string; actor_name: string | null; payload: unknown; at: Date }[]>`
    select e.id::text as id, e.type, e.actor_role, nullif(actor.full_name, '') as actor_name,
      public.session_event_payload(e.id) as payload, e.at
    from public.session_events e
    left join public.profiles actor on actor.id = e.actor_id
    where e.session_id = ${sessionId}
    order by e.at, e.id
  `;
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    actorRole: row.actor_role,
    actorName: row.actor_name,
    payload: isRecord(row.payload) ? row.payload : {},
    at: row.at,
  }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
