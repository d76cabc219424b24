import "server-only";
import type { ISql } from "postgres";
import type { TActorRole, TSessionEventType } from "@/lib/sessions/session-events";

export type TSessionEventActor =
  { id: string; role: Exclude<TActorRole, "system" | "provider"> } | { id?: null; role: "system" | "provider" };

export type TSessionEventInput = {
  /** Null only for a provider event that matched no session (kept for its idempotency key). */
  sessionId: string | null;
  type: TSessionEventType;
  actor: TSessionEventActor;
  payload?: Record<string, unknown>;
  /** A provider delivery's idempotency key: a second event with the same key is not written. */
  providerEventId?: string;
  at: Date;
};

/**
 * The one writer of `public.session_events` for single events, inside the caller's
 * transaction. Set-based jobs (charges, payout release) insert their rows in the same
 * statement that changes the sessions, naming the types from session-events.ts.
 * Returns false when a provider event with the same key was already recorded.
 */
export async function recordSessionEvent(tx: ISql, event: TSessionEventInput): Promise<boolean> {
  const rows = await tx`
    insert into public.session_events (session_id, type, actor_id, actor_role, payload, provider_event_id, at)
    values (${event.sessionId}, ${event.type}, ${event.actor.id ?? null}, ${event.actor.role},
            ${tx.json((event.payload ?? {}) as Parameters<typeof tx.json>[0])}, ${event.providerEventId ?? null}, ${event.at})
    on conflict (provider_event_id) where provider_event_id is not null do nothing
    returning id
  `;
  return rows.length > 0;
}
