import { createHmac } from "node:crypto";

/**
 * Builds a Zoom webhook delivery as Zoom sends it: the JSON body and the signature headers
 * (`x-zm-signature: v0=<hex HMAC-SHA256 of "v0:{timestamp}:{body}">`). Reusable by tests
 * that post to /api/webhooks/zoom, in-process or over HTTP.
 */
export function zoomWebhookDelivery(options: { secret: string; body: unknown; timestampSeconds?: number; signatureSecret?: string }): {
  rawBody: string;
  headers: Record<string, string>;
} {
  const rawBody = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  const timestamp = String(options.timestampSeconds ?? Math.floor(Date.now() / 1000));
  const signature = createHmac("sha256", options.signatureSecret ?? options.secret)
    .update(`v0:${timestamp}:${rawBody}`)
    .digest("hex");
  return {
    rawBody,
    headers: { "content-type": "application/json", "x-zm-request-timestamp": timestamp, "x-zm-signature": `v0=${signature}` },
  };
}

/** A meeting event body shaped like Zoom's (payload.object with the meeting's id and uuid). */
export function zoomMeetingEvent(options: {
  event: "meeting.started" | "meeting.ended" | "meeting.participant_joined" | "meeting.participant_left";
  meetingId: string;
  meetingUuid?: string;
  at: Date;
  participant?: { email?: string; userName?: string; id?: string };
  eventTs?: number;
  accountId?: string;
}): Record<string, unknown> {
  const at = options.at.toISOString().replace(/\.\d{3}Z$/, "Z");
  const object: Record<string, unknown> = {
    id: options.meetingId,
    uuid: options.meetingUuid ?? `uuid-${options.meetingId}`,
    host_id: "KdYKjnimT4KPd8FFgQt9FQ",
    topic: "Lesson",
    type: 2,
    duration: 60,
    timezone: "America/Port_of_Spain",
  };
  if (options.event === "meeting.started") object.start_time = at;
  if (options.event === "meeting.ended") object.end_time = at;
  if (options.participant) {
    object.participant = {
      user_id: "16778240",
      user_name: options.participant.userName ?? "Participant",
      id: options.participant.id ?? "iFxeBPYun6SAiWUzBcEkX",
      participant_uuid: options.participant.id ?? `p-${options.participant.email ?? "guest"}`,
      email: options.participant.email ?? "",
      ...(options.event === "meeting.participant_joined" ? { join_time: at } : { leave_time: at }),
    };
  }
  return {
    event: options.event,
    event_ts: options.eventTs ?? options.at.getTime(),
    payload: { account_id: options.accountId ?? "fake-account", object },
  };
}
