import { randomBytes } from "node:crypto";
import { sendEmpty, sendJson, type TFakeContext, type TFakeRoute } from "./fake-http.ts";
import type { TAccess } from "./google-fake.ts";

/**
 * The API half of the Google fake: userinfo, Calendar events with hangoutsMeet conferences,
 * and the Meet REST API's conference records. Served at the root (googleapis resolves API
 * paths against the origin of `rootUrl`).
 */
export type TEvent = Record<string, unknown> & { id: string; calendarId: string; status: string };
export type TConferenceRecord = {
  name: string;
  meetingCode: string;
  startTime: string;
  endTime: string | null;
  participants: {
    name: string;
    signedinUser?: { user: string; displayName: string };
    anonymousUser?: { displayName: string };
    earliestStartTime: string;
    latestEndTime: string | null;
  }[];
};

type TApiState = {
  events: Map<string, TEvent>;
  conferenceRecords: TConferenceRecord[];
  calendarCalls: { method: string; path: string; status: number }[];
  nextCalendarFailure: { status: number; message: string } | null;
  /** When set, Meet API requests are received and never answered (a hanging Google). */
  isMeetApiHanging: boolean;
  meetCalls: number;
};

export function googleApiRoutes(state: TApiState, authorized: (context: TFakeContext) => TAccess | null): TFakeRoute[] {
  const apiError = (context: TFakeContext, code: number, message: string) =>
    sendJson(context.res, code, { error: { code, message, errors: [{ message, reason: code === 409 ? "duplicate" : "invalid" }] } });

  const calendarCall = (context: TFakeContext, fn: (access: TAccess) => void) => {
    const record = (status: number) => state.calendarCalls.push({ method: context.req.method ?? "", path: context.url.pathname, status });
    const access = authorized(context);
    if (!access) return record(401);
    const failure = state.nextCalendarFailure;
    if (failure) {
      state.nextCalendarFailure = null;
      record(failure.status);
      return apiError(context, failure.status, failure.message);
    }
    record(200);
    fn(access);
  };

  const insertEvent = (context: TFakeContext) =>
    calendarCall(context, () => {
      const calendarId = decodeURIComponent(context.params[0] ?? "");
      const body = JSON.parse(context.body || "{}") as Record<string, unknown>;
      const id = typeof body.id === "string" ? body.id : randomBytes(13).toString("hex");
      if (!/^[a-v0-9]{5,1024}$/.test(id)) return apiError(context, 400, "Invalid resource id value.");
      if (state.events.has(id)) return apiError(context, 409, "The requested identifier already exists.");
      const event: TEvent = {
        ...body,
        id,
        calendarId,
        status: "confirmed",
        kind: "calendar#event",
        htmlLink: `https://calendar.google.test/event?eid=${id}`,
      };
      const createRequest = (body.conferenceData as { createRequest?: Record<string, unknown> } | undefined)?.createRequest;
      // Like Google: conference data is only honoured with conferenceDataVersion=1.
      if (createRequest && context.url.searchParams.get("conferenceDataVersion") === "1") {
        const type = (createRequest.conferenceSolutionKey as { type?: string } | undefined)?.type;
        if (type !== "hangoutsMeet") return apiError(context, 400, "Invalid conference type value.");
        const code = meetingCode();
        event.hangoutLink = `https://meet.google.com/${code}`;
        event.conferenceData = {
          createRequest: { ...createRequest, status: { statusCode: "success" } },
          entryPoints: [{ entryPointType: "video", uri: `https://meet.google.com/${code}`, label: `meet.google.com/${code}` }],
          conferenceSolution: { key: { type: "hangoutsMeet" }, name: "Google Meet" },
          conferenceId: code,
        };
      } else {
        delete event.conferenceData;
      }
      state.events.set(id, event);
      sendJson(context.res, 200, event);
    });

  const oneEvent = (context: TFakeContext) =>
    calendarCall(context, () => {
      const id = decodeURIComponent(context.params[1] ?? "");
      const event = state.events.get(id);
      if (!event || (event.status === "cancelled" && context.req.method !== "GET")) {
        return context.req.method === "DELETE" && event
          ? apiError(context, 410, "Resource has been deleted")
          : apiError(context, 404, "Not Found");
      }
      if (context.req.method === "GET") return sendJson(context.res, 200, event);
      if (context.req.method === "DELETE") {
        event.status = "cancelled";
        return sendEmpty(context.res, 204);
      }
      const patch = JSON.parse(context.body || "{}") as Record<string, unknown>;
      const updated: TEvent = { ...event, ...patch, id: event.id, calendarId: event.calendarId, status: event.status };
      if (!("conferenceData" in patch)) updated.conferenceData = event.conferenceData;
      state.events.set(id, updated);
      sendJson(context.res, 200, updated);
    });

  return [
    {
      method: "GET",
      pattern: new RegExp("^/oauth2/v2/userinfo$"),
      handle: (context) => {
        const access = authorized(context);
        if (access) sendJson(context.res, 200, { id: access.account.id, email: access.account.email, verified_email: true });
      },
    },
    { method: "POST", pattern: new RegExp("^/calendar/v3/calendars/([^/]+)/events$"), handle: insertEvent },
    { method: "GET", pattern: new RegExp("^/calendar/v3/calendars/([^/]+)/events/([^/]+)$"), handle: oneEvent },
    { method: "PATCH", pattern: new RegExp("^/calendar/v3/calendars/([^/]+)/events/([^/]+)$"), handle: oneEvent },
    { method: "DELETE", pattern: new RegExp("^/calendar/v3/calendars/([^/]+)/events/([^/]+)$"), handle: oneEvent },
    {
      method: "GET",
      pattern: new RegExp("^/v2/conferenceRecords$"),
      handle: (context) => {
        state.meetCalls += 1;
        if (state.isMeetApiHanging) return;
        if (!authorized(context)) return;
        const code = /space\.meeting_code\s*=\s*"([^"]+)"/.exec(context.url.searchParams.get("filter") ?? "")?.[1];
        const records = state.conferenceRecords.filter((record) => !code || record.meetingCode === code);
        sendJson(context.res, 200, {
          conferenceRecords: records.map((record) => ({
            name: record.name,
            startTime: record.startTime,
            endTime: record.endTime ?? undefined,
            space: `spaces/${record.meetingCode}`,
          })),
        });
      },
    },
    {
      method: "GET",
      pattern: new RegExp("^/v2/conferenceRecords/([^/]+)/participants$"),
      handle: (context) => {
        state.meetCalls += 1;
        if (state.isMeetApiHanging) return;
        if (!authorized(context)) return;
        const record = state.conferenceRecords.find((entry) => entry.name === `conferenceRecords/${context.params[0]}`);
        if (!record) return apiError(context, 404, "Requested entity was not found.");
        sendJson(context.res, 200, { participants: record.participants });
      },
    },
  ];
}

function meetingCode(): string {
  const letters = () => Array.from(randomBytes(4), (byte) => String.fromCharCode(97 + (byte % 26))).join("");
  return `${letters().slice(0, 3)}-${letters()}-${letters().slice(0, 3)}`;
}
