import { z } from "zod";

/** The Zoom webhook deliveries this app understands (payload fields per Zoom's event reference). */
const ZTimestamp = z.iso.datetime({ offset: true });

const ZParticipant = z.object({
  email: z.string().max(320).optional(),
  user_id: z.union([z.string(), z.number()]).optional(),
  id: z.string().optional(),
  participant_uuid: z.string().optional(),
  user_name: z.string().max(200).optional(),
  join_time: ZTimestamp.optional(),
  leave_time: ZTimestamp.optional(),
});

const ZMeetingObject = z.object({
  id: z.union([z.string().min(1).max(64), z.number().int().nonnegative()]).transform(String),
  uuid: z.string().min(1).max(128),
  start_time: ZTimestamp.optional(),
  end_time: ZTimestamp.optional(),
  participant: ZParticipant.optional(),
});

export const MEETING_EVENTS = ["meeting.started", "meeting.ended", "meeting.participant_joined", "meeting.participant_left"] as const;
export type TZoomMeetingEventName = (typeof MEETING_EVENTS)[number];

export const ZZoomUrlValidation = z.object({
  event: z.literal("endpoint.url_validation"),
  payload: z.object({ plainToken: z.string().min(1).max(256) }),
});

export const ZZoomMeetingEvent = z.object({
  event: z.enum(MEETING_EVENTS),
  event_ts: z.number().int().nonnegative(),
  payload: z.object({ account_id: z.string().optional(), object: ZMeetingObject }),
});
export type TZoomMeetingEvent = z.infer<typeof ZZoomMeetingEvent>;

// Sent when a user removes the app from their Zoom account.
export const ZZoomDeauthorized = z.object({
  event: z.literal("app.deauthorized"),
  event_ts: z.number().int().nonnegative(),
  payload: z.object({ user_id: z.string().min(1).max(64), account_id: z.string().optional(), deauthorization_time: z.string().optional() }),
});

const ZEnvelope = z.object({ event: z.string().min(1).max(100), payload: z.unknown() });

export type TZoomWebhook =
  | { kind: "url_validation"; plainToken: string }
  | { kind: "meeting"; event: TZoomMeetingEvent }
  | { kind: "deauthorized"; zoomUserId: string; eventTs: number }
  | { kind: "other"; event: string }
  | { kind: "malformed"; problem: string };

/** Parses a verified body. Events we do not subscribe to are acknowledged, not errors. */
export function parseZoomWebhook(rawBody: string): TZoomWebhook {
  let json: unknown;
  try {
    json = JSON.parse(rawBody) as unknown;
  } catch {
    return { kind: "malformed", problem: "the body is not JSON" };
  }
  const envelope = ZEnvelope.safeParse(json);
  if (!envelope.success) return { kind: "malformed", problem: "the body has no event name" };
  if (envelope.data.event === "endpoint.url_validation") {
    const validation = ZZoomUrlValidation.safeParse(json);
    return validation.success
      ? { kind: "url_validation", plainToken: validation.data.payload.plainToken }
      : { kind: "malformed", problem: "url_validation without a plainToken" };
  }
  if (envelope.data.event === "app.deauthorized") {
    const deauthorized = ZZoomDeauthorized.safeParse(json);
    return deauthorized.success
      ? { kind: "deauthorized", zoomUserId: deauthorized.data.payload.user_id, eventTs: deauthorized.data.event_ts }
      : { kind: "malformed", problem: "app.deauthorized without a user_id" };
  }
  if (!(MEETING_EVENTS as readonly string[]).includes(envelope.data.event)) return { kind: "other", event: envelope.data.event };
  const meeting = ZZoomMeetingEvent.safeParse(json);
  if (!meeting.success) {
    const issue = meeting.error.issues[0];
    return { kind: "malformed", problem: issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid meeting event" };
  }
  return { kind: "meeting", event: meeting.data };
}

/**
 * Zoom sends no event id; a retry repeats the same body. The key names the event, the meeting
 * instance, the moment and (for participant events) the participant, so retries collide.
 */
export function zoomProviderEventId(event: TZoomMeetingEvent): string {
  const object = event.payload.object;
  const participant = object.participant;
  const who = participant ? (participant.participant_uuid ?? participant.id ?? String(participant.user_id ?? participant.email ?? "")) : "";
  return ["zoom", event.event, object.uuid, String(event.event_ts), who].join(":").slice(0, 500);
}

/** When it happened, by the meeting's own clock where Zoom gives one. */
export function zoomEventTime(event: TZoomMeetingEvent): Date {
  const object = event.payload.object;
  const stamp =
    event.event === "meeting.started"
      ? object.start_time
      : event.event === "meeting.ended"
        ? object.end_time
        : event.event === "meeting.participant_joined"
          ? object.participant?.join_time
          : object.participant?.leave_time;
  return new Date(stamp ?? event.event_ts);
}
