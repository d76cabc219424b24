import "server-only";
import { createHash } from "node:crypto";
import { calendar, type calendar_v3 } from "googleapis/build/src/apis/calendar/index.js";
import { AppError } from "@/lib/api/errors";
import type { TAccessTokenSource } from "@/lib/video/connections/connection-token-source";
import { googleErrorInfo } from "@/lib/video/oauth/google-errors";
import { googleClientWithAccessToken, googleRootUrl, type TGoogleConfig } from "@/lib/video/oauth/google-oauth";
import type { TMeeting, TMeetingRequest, VideoProvider } from "@/lib/video/types";
import { ProviderUnauthorizedError, withAccessToken } from "./with-access-token";

const CALENDAR_ID = "primary";
const PENDING_CONFERENCE_RETRIES = 3;
const PENDING_CONFERENCE_DELAY_MS = 500;

/**
 * Calendar event ids use base32hex ([a-v0-9], 5–1024 chars); hex is a subset. The id and the
 * conference requestId are derived from the session, so a retried create finds the first
 * event (409) instead of making a second meeting.
 */
export function googleEventId(sessionKey: string): string {
  return createHash("sha256").update(`tutoring-session:${sessionKey}`).digest("hex").slice(0, 40);
}

export function googleConferenceRequestId(sessionKey: string): string {
  return `tutoring-${googleEventId(sessionKey)}`;
}

/** Google Meet through Calendar: each session is an event with a hangoutsMeet conference. */
export function createGoogleMeetProvider(options: { config: TGoogleConfig; tokens: TAccessTokenSource }): VideoProvider {
  const { config, tokens } = options;
  const run = async <T>(action: string, fn: (api: calendar_v3.Calendar) => Promise<T>): Promise<T> => {
    try {
      return await withAccessToken(tokens, async (token) => {
        const api = calendar({
          version: "v3",
          rootUrl: googleRootUrl(config.GOOGLE_API_BASE_URL),
          auth: googleClientWithAccessToken(config, token),
        });
        try {
          return await fn(api);
        } catch (error) {
          if (googleErrorInfo(error).status === 401) throw new ProviderUnauthorizedError();
          throw error;
        }
      });
    } catch (error) {
      if (error instanceof AppError) throw error;
      const reason =
        error instanceof ProviderUnauthorizedError
          ? "Google rejected the access token even after a refresh"
          : googleErrorInfo(error).reason;
      throw new AppError("provider_error", `Google Calendar could not ${action}: ${reason}`);
    }
  };

  return {
    name: "google_meet",
    createMeeting: (request) =>
      run("create the Meet event", async (api) => {
        const eventId = googleEventId(request.sessionKey);
        try {
          const { data } = await api.events.insert({
            calendarId: CALENDAR_ID,
            conferenceDataVersion: 1,
            sendUpdates: "none",
            requestBody: {
              ...eventTimes(request),
              id: eventId,
              conferenceData: {
                createRequest: {
                  requestId: googleConferenceRequestId(request.sessionKey),
                  conferenceSolutionKey: { type: "hangoutsMeet" },
                },
              },
            },
          });
          return meetingFrom(api, data);
        } catch (error) {
          // Already created by an earlier attempt for this session: use that event.
          if (googleErrorInfo(error).status !== 409) throw error;
          const { data } = await api.events.get({ calendarId: CALENDAR_ID, eventId });
          return meetingFrom(api, data);
        }
      }),
    updateMeeting: (meetingExternalId, request) =>
      run("move the Meet event", async (api) => {
        const { data } = await api.events.patch({
          calendarId: CALENDAR_ID,
          eventId: meetingExternalId,
          conferenceDataVersion: 1,
          sendUpdates: "none",
          requestBody: eventTimes(request),
        });
        return meetingFrom(api, data);
      }),
    deleteMeeting: (meetingExternalId) =>
      run("delete the Meet event", async (api) => {
        try {
          await api.events.delete({ calendarId: CALENDAR_ID, eventId: meetingExternalId, sendUpdates: "none" });
        } catch (error) {
          const status = googleErrorInfo(error).status;
          if (status !== 404 && status !== 410) throw error;
        }
      }),
  };
}

function eventTimes(request: TMeetingRequest): calendar_v3.Schema$Event {
  const endAt = new Date(request.startAt.getTime() + request.durationMinutes * 60_000);
  return {
    summary: request.topic,
    start: { dateTime: request.startAt.toISOString(), timeZone: request.timezone },
    end: { dateTime: endAt.toISOString(), timeZone: request.timezone },
  };
}

/** The Meet link, waiting briefly while Google finishes a pending conference. */
async function meetingFrom(api: calendar_v3.Calendar, event: calendar_v3.Schema$Event): Promise<TMeeting> {
  let current = event;
  for (let attempt = 0; ; attempt += 1) {
    const link = current.hangoutLink ?? videoEntryPoint(current);
    if (current.id && link) return { provider: "google_meet", meetingExternalId: current.id, joinUrl: link };
    const status = current.conferenceData?.createRequest?.status?.statusCode;
    if (status !== "pending" || attempt >= PENDING_CONFERENCE_RETRIES || !current.id) {
      throw new AppError("provider_error", `Google did not attach a Meet link to the event (conference status: ${status ?? "none"}).`);
    }
    await new Promise((resolve) => setTimeout(resolve, PENDING_CONFERENCE_DELAY_MS));
    current = (await api.events.get({ calendarId: CALENDAR_ID, eventId: current.id })).data;
  }
}

function videoEntryPoint(event: calendar_v3.Schema$Event): string | null {
  const entry = event.conferenceData?.entryPoints?.find((point) => point.entryPointType === "video" && point.uri?.startsWith("https://"));
  return entry?.uri ?? null;
}
