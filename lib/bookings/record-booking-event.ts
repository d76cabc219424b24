import "server-only";
import type { ISql } from "postgres";
import type { TBookingEventActor, TBookingEventType } from "@/lib/bookings/booking-events";

export type TBookingEventInput = {
  bookingId: string;
  type: TBookingEventType;
  actor: TBookingEventActor;
  payload?: Record<string, unknown>;
  at: Date;
};

/**
 * The one writer of `public.booking_events`, inside the caller's transaction, so a decision
 * and its audit row commit (or roll back) together.
 */
export async function recordBookingEvent(tx: ISql, event: TBookingEventInput): Promise<void> {
  await tx`
    insert into public.booking_events (booking_id, type, actor_id, actor_role, payload, at)
    values (${event.bookingId}, ${event.type}, ${event.actor.id ?? null}, ${event.actor.role},
            ${tx.json((event.payload ?? {}) as Parameters<typeof tx.json>[0])}, ${event.at})
  `;
}
