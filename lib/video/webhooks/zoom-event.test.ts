import { describe, expect, it } from "vitest";
import { parseZoomWebhook, zoomEventTime, zoomProviderEventId } from "./zoom-event";

const ended = {
  event: "meeting.ended",
  event_ts: 1_795_000_000_000,
  payload: { account_id: "a", object: { id: 85746065432, uuid: "4444AAAiAAAAAiAiAiiAii==", end_time: "2026-11-21T12:20:00Z" } },
};

describe("parseZoomWebhook", () => {
  it("parses a meeting event, normalising the numeric meeting id", () => {
    const parsed = parseZoomWebhook(JSON.stringify(ended));
    expect(parsed.kind).toBe("meeting");
    if (parsed.kind !== "meeting") return;
    expect(parsed.event.payload.object.id).toBe("85746065432");
    expect(zoomEventTime(parsed.event).toISOString()).toBe("2026-11-21T12:20:00.000Z");
  });

  it("gives retries of one delivery the same provider event id, and other events another", () => {
    const first = parseZoomWebhook(JSON.stringify(ended));
    const again = parseZoomWebhook(JSON.stringify(ended));
    const other = parseZoomWebhook(JSON.stringify({ ...ended, event: "meeting.started" }));
    if (first.kind !== "meeting" || again.kind !== "meeting" || other.kind !== "meeting") throw new Error("unexpected parse");
    expect(zoomProviderEventId(first.event)).toBe(zoomProviderEventId(again.event));
    expect(zoomProviderEventId(other.event)).not.toBe(zoomProviderEventId(first.event));
  });

  it("recognises url_validation", () => {
    expect(parseZoomWebhook('{"event":"endpoint.url_validation","payload":{"plainToken":"abc"}}')).toEqual({
      kind: "url_validation",
      plainToken: "abc",
    });
  });

  it("acknowledges events it does not handle", () => {
    expect(parseZoomWebhook('{"event":"recording.completed","payload":{}}')).toEqual({ kind: "other", event: "recording.completed" });
  });

  it.each([
    "not json",
    "{}",
    '{"event":"meeting.ended"}',
    '{"event":"meeting.ended","event_ts":1,"payload":{"object":{"uuid":"x"}}}',
    '{"event":"endpoint.url_validation","payload":{}}',
  ])("reports %j as malformed", (body) => {
    expect(parseZoomWebhook(body).kind).toBe("malformed");
  });
});

describe("app.deauthorized", () => {
  it("names the Zoom user who removed the app", () => {
    const body = { event: "app.deauthorized", event_ts: 1, payload: { account_id: "a", user_id: "KdYKjnimT4KPd8FFgQt9FQ" } };
    expect(parseZoomWebhook(JSON.stringify(body))).toEqual({ kind: "deauthorized", zoomUserId: "KdYKjnimT4KPd8FFgQt9FQ", eventTs: 1 });
    expect(parseZoomWebhook('{"event":"app.deauthorized","event_ts":1,"payload":{}}').kind).toBe("malformed");
  });
});
